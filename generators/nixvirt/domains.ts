import { app, attrs, bool, concat, fromJson, id, lambda, letIn, list, nul, op, sel, str, update, type Expr, type JsonLike } from "../../syntax/nix/ast.js";
import { DEFAULT_LISTEN } from "../../model/display.js";
import type { Model } from "../../model/model.js";
import type { ModelVolume } from "../../model/pool.js";
import type { ModelVm } from "../../model/vm.js";
import { diskFirst, hasSeed, installMedium, SEED_CDROM_DEV, seedIsoPath } from "../unattended/media.js";
import { keptXmlPath, keptXmlPaths } from "./kept-files.js";
import { nixvirtListFile } from "./module-file.js";

/** Every volume by `pool/name`, to find VMs' disks without a search per VM. */
export const volumesByKey = (model: Model): Map<string, ModelVolume> =>
  new Map(model.pools.flatMap((p) => p.volumes.map((v) => [`${p.name}/${v.name}`, v] as const)));

/** Arguments of NixVirt's `templates.windows` / `templates.linux` for a VM. */
export function templateArgs(vm: ModelVm, volumes: ReadonlyMap<string, ModelVolume>, installIso: string | undefined = vm.installIso): JsonLike {
  const volume = vm.disk && volumes.get(`${vm.disk.pool}/${vm.disk.volume}`);
  const windows = vm.template === "windows";
  return {
    name: vm.name,
    uuid: vm.uuid,
    memory: { count: vm.memory.count, unit: vm.memory.unit },
    storage_vol: volume && { pool: volume.pool, volume: volume.fileName },
    install_vol: installIso,
    nvram_path: windows ? vm.nvramPath : undefined,
    virtio_net: windows ? vm.virtio : undefined,
    virtio_drive: windows ? vm.virtio : undefined,
    install_virtio: windows ? vm.virtioIso : undefined,
    // true: SPICE without a listen address, OpenGL and a 3D virtio GPU; null: SPICE on 127.0.0.1
    // and a virtio GPU without 3D, which needs no render node (the templates' default is true).
    virtio_video: vm.display.gl ? true : null,
  };
}

/**
 * Display devices other than the template's SPICE on 127.0.0.1: SPICE on another address, or VNC,
 * which also drops what only SPICE carries (spicevmc and spiceport channels, USB redirection, SPICE
 * audio), as QEMU refuses those without a SPICE server.
 */
function displayDevices(vm: ModelVm, base: Expr): Record<string, Expr> {
  const { protocol, listen } = vm.display;
  if (listen === null || (protocol === "spice" && listen === DEFAULT_LISTEN)) return {};
  const at = { type: "address", address: listen };
  if (protocol === "spice") return { graphics: update(sel(base, "devices", "graphics"), attrs({ listen: fromJson(at) })) };
  const spiceOnly = (type: string) => op("!=", sel(id("c"), "type"), str(type));
  return {
    graphics: fromJson({ type: "vnc", autoport: true, listen: at }),
    channel: app(sel(id("builtins"), "filter"), lambda("c", op("&&", spiceOnly("spicevmc"), spiceOnly("spiceport"))), sel(base, "devices", "channel")),
    redirdev: nul(),
    audio: fromJson({ id: 1, type: "none" }),
  };
}

/** Every NIC as a libvirt `network` interface with a fixed MAC (a random one would restart the VM on every switch). */
export const interfaces = (vm: ModelVm): JsonLike =>
  vm.nics.length === 0
    ? null
    : vm.nics.map((nic) => ({ type: "network", source: { network: nic.network }, model: { type: nic.model }, mac: { address: nic.mac } }));

/**
 * NixVirt's templates always give the system disk a qcow2 driver; a raw volume needs `raw`, or
 * QEMU would refuse to open it: `[ (head disk // { driver = head.driver // { type = "raw"; }; }) ] ++ tail disk`.
 */
function rawSystemDisk(base: Expr): Expr {
  const disks = sel(base, "devices", "disk");
  const first = app(sel(id("builtins"), "head"), disks);
  const raw = update(first, attrs({ driver: update(sel(first, "driver"), attrs({ type: str("raw") })) }));
  return concat(list([raw]), app(sel(id("builtins"), "tail"), disks));
}

/**
 * One domain: the template's output with vCPUs and the NIC list overridden (the reference's override
 * pattern: the template gives one bridge NIC as a set), then the raw escape hatch merged last.
 * Installing from a no-prompt ISO, the boot order too: NixVirt's base template (templates/domain/
 * base.nix) boots `cdrom` then `hd`.
 */
function domainDefinition(model: Model, vm: ModelVm, volumes: ReadonlyMap<string, ModelVolume>): Expr {
  const base = id("base");
  const volume = vm.disk && volumes.get(`${vm.disk.pool}/${vm.disk.volume}`);
  const devices: Record<string, Expr> = { interface: fromJson(interfaces(vm)), ...displayDevices(vm, base) };
  if (volume?.format === "raw") devices.disk = rawSystemDisk(base);
  if (hasSeed(vm)) devices.disk = concat(devices.disk ?? sel(base, "devices", "disk"), list([fromJson(seedCdrom(seedIsoPath(model, vm)))]));
  const overrides = update(base, attrs({ vcpu: fromJson({ count: vm.vcpus }), ...(diskFirst(vm) && { os: update(sel(base, "os"), attrs({ boot: fromJson([{ dev: "hd" }, { dev: "cdrom" }]) })) }), devices: update(sel(base, "devices"), attrs(devices)) }));
  const merged = Object.keys(vm.raw).length === 0 ? overrides : update(overrides, fromJson(vm.raw as JsonLike));
  return letIn(
    { base: app(sel(id("nixvirt"), "lib", "domain", "templates", vm.template), fromJson(templateArgs(vm, volumes, installMedium(model, vm)))) },
    app(sel(id("nixvirt"), "lib", "domain", "writeXML"), merged),
  );
}

/**
 * The CD with the VM's answer file or cloud-init seed, assembled on the host before NixVirt runs
 * (the template's disk list ends with the install and virtio-win CD-ROMs; this one comes after).
 */
export const seedCdrom = (file: string): JsonLike => ({
  type: "file",
  device: "cdrom",
  driver: { name: "qemu", type: "raw" },
  source: { file },
  target: { bus: "sata", dev: SEED_CDROM_DEV },
  readonly: true,
});

/** `nixvirt/domains.nix`. `active = null` leaves a VM's running state alone. */
export function domainsFile(model: Model): string {
  const volumes = volumesByKey(model);
  return nixvirtListFile(
    model,
    model.vms.map((vm) =>
      attrs({
        definition: vm.libvirtXml.length > 0 ? keptXmlPath(keptXmlPaths.domain(vm.name)) : domainDefinition(model, vm, volumes),
        active: vm.active === null ? nul() : bool(vm.active),
      }),
    ),
  );
}
