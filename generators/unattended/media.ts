import { posix } from "node:path";
import type { Model } from "../../model/model.js";
import type { ModelVm } from "../../model/vm.js";

/** The folder of the media templates and `assemble.sh` inside the output folder. */
export const SEEDS_DIR = "seeds";

/**
 * Where install-media templates go: `seeds/`, or with several hosts `seeds/<host>/` (each host
 * assembles, and so reads the secrets of, its own VMs' media only).
 *
 * @example
 * seedsDirOf("hv1") // "seeds/hv1"
 */
export const seedsDirOf = (host?: string): string => (host === undefined ? SEEDS_DIR : `${SEEDS_DIR}/${host}`);

/** The assembly script, relative to {@link SEEDS_DIR}. */
export const ASSEMBLE_SCRIPT = "assemble.sh";

/** A VM gets a second CD: Windows with an answer file, Linux with a cloud-init seed. */
export const hasSeed = (vm: ModelVm): boolean => vm.unattended !== undefined || vm.cloudInit !== undefined;

/** Where the assembled ISOs live on the host (root-owned, group of the QEMU user, not world-readable). */
export const seedIsoDir = (model: Pick<Model, "lab">): string => `/var/lib/homelab-gen/${model.lab.name}/seeds`;

/** The assembled ISO of a VM on the host. */
export const seedIsoPath = (model: Pick<Model, "lab">, vm: ModelVm): string => `${seedIsoDir(model)}/${vm.name}.iso`;

/**
 * The CD-ROM slot of the seed: SATA `sde` (unit 4). NixVirt's Windows template uses `hdc` (unit 2)
 * for the install ISO and `hdd` (unit 3) for virtio-win, its Linux template `sdc` (unit 2); libvirt
 * derives the SATA unit from the letter whatever the prefix, so `sde` collides with neither.
 */
export const SEED_CDROM_DEV = "sde";

/**
 * The group QEMU runs as on a distribution's libvirt (`--target libvirt`): Debian and Ubuntu run it
 * as `libvirt-qemu`, Fedora as `qemu` (their qemu.conf defaults). NixOS: see nixos-unit.ts.
 */
export const qemuGroup = (distro: "debian" | "fedora"): string => (distro === "fedora" ? "qemu" : "libvirt-qemu");

/** The volume label: NoCloud looks for `cidata`; Windows Setup searches every drive, any label does. */
export const seedLabel = (vm: ModelVm): string => (vm.cloudInit ? "CIDATA" : "UNATTEND");

/**
 * A Windows VM installing unattended from an ISO boots a no-prompt copy of it: UEFI Windows media
 * wait for "Press any key to boot from CD or DVD..." (cdboot.efi); the same media carry
 * `efi/microsoft/boot/efisys_noprompt.bin` (cdboot_noprompt.efi) beside the El Torito image
 * `efisys.bin`. `assemble.sh` makes the copy on the host; the VM boots its disk first (see
 * {@link diskFirst}). An imported VM (its libvirt XML kept) boots what its XML says.
 */
export const usesNopromptIso = (vm: ModelVm): boolean =>
  vm.template === "windows" && vm.unattended !== undefined && vm.installIso !== undefined && vm.libvirtXml.length === 0;

/** The no-prompt copy of an install ISO on the host, named after the original: `<name>.noprompt.iso`. */
export const nopromptIsoName = (installIso: string): string => `${posix.basename(installIso).replace(/\.iso$/i, "")}.noprompt.iso`;

/** The ISO a VM's install CD-ROM holds: the no-prompt copy or the topology's own. */
export const installMedium = (model: Pick<Model, "lab">, vm: ModelVm): string | undefined =>
  usesNopromptIso(vm) ? `${seedIsoDir(model)}/${nopromptIsoName(vm.installIso!)}` : vm.installIso;

/**
 * Disk before CD in the boot order. A no-prompt CD would start Setup again at each of its reboots
 * if it came first; an empty disk has nothing to boot, so the first start falls through to the CD
 * and every later one boots what Setup installed (OVMF tries the options in the order libvirt gives).
 */
export const diskFirst = usesNopromptIso;
