import type { LibvirtHostPaths } from "../../model/libvirt-host.js";
import type { ModelVolume } from "../../model/pool.js";
import type { ModelDisplay } from "../../model/display.js";
import type { ModelNic, ModelVm } from "../../model/vm.js";
import { el, onOff, yesNo, type Child, type XmlElement } from "../../syntax/xml/index.js";
import { diskFirst, SEED_CDROM_DEV } from "../unattended/media.js";

/**
 * A libvirt domain (`virsh define`) describing the same machine as the NixVirt template output
 * `generators/nixvirt/domains.ts` asks for: same name, UUID, memory, vCPUs, system disk (pool and
 * volume, SATA or virtio like the template), install ISO, virtio-win ISO and NICs (network, MAC,
 * model).
 *
 * Shape, after NixVirt 0.6.0's `q35`, `linux` and `windows` templates:
 * - both: KVM, q35, boot from CD then disk, ACPI/APIC, host-passthrough CPU, RTC/PIT timers and
 *   no HPET, SPICE channel, USB tablet, sound, USB redirection, virtio video;
 * - Windows: UEFI with Secure Boot (the distribution's OVMF code and enrolled-keys vars template,
 *   `secure='yes'` and SMM on, which that firmware requires), per-VM NVRAM file, TPM 2.0
 *   (`tpm-crb`, swtpm emulator), Hyper-V enlightenments, local-time clock with the Hyper-V clock,
 *   no suspend, install ISO on SATA `hdc`, virtio-win ISO on SATA `hdd`, SPICE WebDAV channel;
 * - Linux: virtio disk and NICs, install ISO (or an empty tray) on SATA `sdc`, QEMU guest agent
 *   channel, virtio RNG from `/dev/urandom`.
 *
 * Deliberate differences from the NixVirt template output: no `<emulator>` (libvirt picks the
 * host's QEMU: `/usr/bin/qemu-system-x86_64` on Debian, `/usr/bin/qemu-kvm` on Fedora); the
 * disk driver format is the volume's own (the template always says qcow2); the USB controller
 * (`qemu-xhci`, which the QEMU driver adds by itself for q35) is written out.
 *
 * The display is the VM's `display`, as the NixOS target asks NixVirt for it: by default SPICE on
 * 127.0.0.1 and a virtio GPU without 3D (the templates' `virtio_video = null`), because OpenGL
 * needs a DRM render node that headless servers lack; `gl` gives SPICE without a listen address,
 * `<gl enable='yes'/>` and 3D acceleration (`virtio_video = true`); VNC drops SPICE's channels,
 * USB redirection and audio.
 *
 * With install media (`media`): the seed CD, the install CD holding `media.installIso` (the
 * no-prompt copy for unattended Windows) and, for that copy, the disk booted before the CD.
 *
 * @example
 * domainXml(vm, volume, model.lab.libvirt)
 */
export function domainXml(vm: ModelVm, volume: ModelVolume | undefined, paths: LibvirtHostPaths, media?: VmInstallMedia): XmlElement {
  const windows = vm.template === "windows";
  const boot = media && diskFirst(vm) ? ["hd", "cdrom"] : ["cdrom", "hd"];
  const spice = vm.display.protocol === "spice";
  return el("domain", { type: "kvm" }, [
    el("name", {}, [vm.name]),
    el("uuid", {}, [vm.uuid]),
    el("memory", { unit: vm.memory.unit }, [String(vm.memory.count)]),
    el("vcpu", {}, [String(vm.vcpus)]),
    el("os", {}, [
      el("type", { arch: "x86_64", machine: "q35" }, ["hvm"]),
      windows && el("loader", { readonly: yesNo(true), secure: yesNo(true), type: "pflash" }, [paths.ovmfCode]),
      windows && el("nvram", { template: paths.ovmfVars }, [vm.nvramPath!]),
      ...boot.map((dev) => el("boot", { dev })),
    ]),
    el("features", {}, [el("acpi"), el("apic"), windows && hyperv(), windows && el("smm", { state: onOff(true) })]),
    el("cpu", { mode: "host-passthrough" }),
    el("clock", { offset: windows ? "localtime" : "utc" }, [
      el("timer", { name: "rtc", tickpolicy: "catchup" }),
      el("timer", { name: "pit", tickpolicy: "delay" }),
      el("timer", { name: "hpet", present: yesNo(false) }),
      windows && el("timer", { name: "hypervclock", present: yesNo(true) }),
    ]),
    windows &&
      el("pm", {}, [el("suspend-to-mem", { enabled: yesNo(false) }), el("suspend-to-disk", { enabled: yesNo(false) })]),
    el("devices", {}, [
      ...disks(vm, volume, paths, media?.installIso ?? vm.installIso),
      // The answer file or cloud-init seed, assembled by ../seeds/assemble.sh (apply.sh runs it first).
      media && cdrom(media.seedIso, SEED_CDROM_DEV),
      ...vm.nics.map(nicXml),
      spice && el("channel", { type: "spicevmc" }, [el("target", { type: "virtio", name: "com.redhat.spice.0" })]),
      windows &&
        spice &&
        el("channel", { type: "spiceport" }, [
          el("source", { channel: "org.spice-space.webdav.0" }),
          el("target", { type: "virtio", name: "org.spice-space.webdav.0" }),
        ]),
      !windows && el("channel", { type: "unix" }, [el("target", { type: "virtio", name: "org.qemu.guest_agent.0" })]),
      // The QEMU driver would add this USB controller itself; explicit, libvirt's other parsers
      // (and the test driver the tests use) accept the USB tablet and redirection too.
      el("controller", { type: "usb", model: "qemu-xhci", ports: 15 }),
      el("input", { type: "tablet", bus: "usb" }),
      el("input", { type: "mouse", bus: "ps2" }),
      el("input", { type: "keyboard", bus: "ps2" }),
      windows && el("tpm", { model: "tpm-crb" }, [el("backend", { type: "emulator", version: "2.0" })]),
      graphics(vm.display),
      el("sound", { model: "ich9" }),
      el("audio", { id: 1, type: spice ? "spice" : "none" }),
      el("video", {}, [
        el("model", { type: "virtio", heads: 1, primary: yesNo(true) }, [vm.display.gl && el("acceleration", { accel3d: yesNo(true) })]),
      ]),
      !windows && el("rng", { model: "virtio" }, [el("backend", { model: "random" }, ["/dev/urandom"])]),
      ...(spice ? [1, 2, 3, 4].map(() => el("redirdev", { bus: "usb", type: "spicevmc" })) : []),
    ]),
  ]);
}

/** SPICE or VNC on the display's address; GL SPICE listens on no address (a local viewer). */
function graphics(display: ModelDisplay): XmlElement {
  if (display.protocol === "vnc") return el("graphics", { type: "vnc", autoport: yesNo(true) }, [el("listen", { type: "address", address: display.listen! })]);
  return el("graphics", { type: "spice", autoport: yesNo(true) }, [
    display.listen === null ? el("listen", { type: "none" }) : el("listen", { type: "address", address: display.listen }),
    el("image", { compression: onOff(false) }),
    display.gl && el("gl", { enable: yesNo(true) }),
  ]);
}

/** The Hyper-V enlightenments of NixVirt's Windows template (what virt-manager sets for Windows). */
function hyperv(): XmlElement {
  const on = { state: onOff(true) };
  return el("hyperv", { mode: "custom" }, [
    el("relaxed", on),
    el("vapic", on),
    el("spinlocks", { ...on, retries: 8191 }),
    el("vpindex", on),
    el("runtime", on),
    el("synic", on),
    el("stimer", on, [el("direct", on)]),
    el("reset", on),
    el("vendor_id", { ...on, value: "KVM Hv" }),
    el("frequencies", on),
    el("reenlightenment", on),
    el("tlbflush", on),
    el("ipi", on),
  ]);
}

/** A VM's CDs made by `seeds/assemble.sh`: its seed ISO and the ISO its install CD holds. */
export interface VmInstallMedia {
  readonly seedIso: string;
  readonly installIso: string | undefined;
}

/** Where the system disk sits: virtio for Linux and for Windows with `virtio`, else SATA. */
export const systemDiskTarget = (vm: ModelVm): { dev: string; bus: string } =>
  vm.template === "linux" || vm.virtio ? { dev: "vda", bus: "virtio" } : { dev: "sda", bus: "sata" };

function cdrom(file: string | undefined, dev: string, startupPolicy?: string): XmlElement {
  return el("disk", { type: "file", device: "cdrom" }, [
    el("driver", { name: "qemu", type: "raw" }),
    file !== undefined && el("source", { file, startupPolicy }),
    el("target", { dev, bus: "sata" }),
    el("readonly"),
  ]);
}

/** System disk, install CD-ROM (always present, empty without an ISO) and, for Windows, the virtio-win ISO. */
function disks(vm: ModelVm, volume: ModelVolume | undefined, paths: LibvirtHostPaths, installIso: string | undefined): Child[] {
  const windows = vm.template === "windows";
  return [
    volume &&
      el("disk", { type: "volume", device: "disk" }, [
        el("driver", { name: "qemu", type: volume.format, cache: "none", discard: "unmap" }),
        el("source", { pool: volume.pool, volume: volume.fileName }),
        el("target", systemDiskTarget(vm)),
      ]),
    // A missing install ISO stops a Windows VM from starting, as in NixVirt's template.
    windows ? cdrom(installIso, "hdc", installIso === undefined ? undefined : "mandatory") : cdrom(installIso, "sdc"),
    windows && vm.virtioIso && cdrom(paths.virtioIso, "hdd"),
  ];
}

/** A NIC on a libvirt network with its fixed MAC and card model. Example: `nicXml(vm.nics[0])`. */
export const nicXml = (nic: ModelNic): XmlElement =>
  el("interface", { type: "network" }, [
    el("mac", { address: nic.mac }),
    el("source", { network: nic.network }),
    el("model", { type: nic.model }),
  ]);
