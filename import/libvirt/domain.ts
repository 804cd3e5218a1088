import { nicXml } from "../../generators/libvirt/domain.js";
import { importedSystemDisk, keptDomainXml } from "../../generators/libvirt/kept-domain.js";
import { normalizeVm, vmInput, type ModelNic, type ModelVm } from "../../model/vm.js";
import type { ModelVolume } from "../../model/pool.js";
import { el, printElement, sameTree, type XmlElement } from "../../syntax/xml/index.js";
import type { ImportedNic, ImportedVm, KeptElement, NotImported } from "../declarations.js";
import { keep, keptDifferences } from "./kept-diff.js";
import { normalizeDomain, type VolumePaths } from "./normalize.js";
import { sizeInBytes, sizeOf } from "./sizes.js";
import { attr, child, children, text, uuidOf } from "./xml-access.js";

const NO_SOURCE = { file: "<import>", line: 0, column: 0 };
const DEFAULTS = { isoDir: "/var/lib/libvirt/iso", nvramDir: "/var/lib/libvirt/qemu/nvram" };

/** What the domain reader needs to know about the pools and networks read with it. */
export interface DomainContext {
  /** Imported volumes by host path and by `pool/volume file`, with their DSL names. */
  readonly volumesByPath: ReadonlyMap<string, { readonly pool: string; readonly decl: string; readonly model: ModelVolume }>;
  readonly volumePaths: VolumePaths;
  /** Names of imported networks (a NIC becomes a handle only on one of them). */
  readonly networks: ReadonlySet<string>;
}

/** Windows when the domain has Hyper-V enlightenments, says it runs Windows, or has UEFI and a TPM. */
function template(xml: XmlElement): { template: ImportedVm["template"]; because: string } {
  const os = printElement(child(xml, "metadata") ?? el("metadata"));
  if (child(child(xml, "features"), "hyperv")) return { template: "windows", because: "Hyper-V enlightenments" };
  if (/microsoft\.com\/win/.test(os)) return { template: "windows", because: "libosinfo says Windows" };
  const efi = attr(child(xml, "os"), "firmware") === "efi" || child(child(xml, "os"), "loader") !== undefined;
  if (efi && child(child(xml, "devices"), "tpm")) return { template: "windows", because: "UEFI with a TPM" };
  return { template: "linux", because: "no sign of Windows (Hyper-V, libosinfo, UEFI with TPM)" };
}

const same = (a: XmlElement, b: XmlElement, paths: VolumePaths): boolean =>
  sameTree(normalizeDomain(el("domain", {}, [el("devices", {}, [a])]), paths), normalizeDomain(el("domain", {}, [el("devices", {}, [b])]), paths));

/** The model VM of typed props, to generate elements from exactly as the generators will. */
function modelOf(name: string, tpl: ImportedVm["template"], props: ImportedVm["props"]): ModelVm | undefined {
  const parsed = vmInput.safeParse({ name, template: tpl, ...props });
  return parsed.success ? normalizeVm("import", parsed.data, DEFAULTS, [], NO_SOURCE) : undefined;
}

/**
 * A libvirt domain as a DSL VM: name, UUID, memory, vCPUs, the system disk when it is a plain disk
 * on an imported volume, and the leading NICs that are plain NICs on imported networks are typed;
 * every other element (firmware, features, the other devices, ...) is kept as XML. Windows or
 * Linux is recognised from Hyper-V, libosinfo, or UEFI with a TPM.
 *
 * @example
 * readDomain(parseXml(xmlText), context)
 */
export function readDomain(xml: XmlElement, ctx: DomainContext): ImportedVm | NotImported {
  const name = text(child(xml, "name")) ?? "";
  const fail = (why: string): NotImported => ({ kind: "domain", name, why, xml: printElement(xml) });
  const memory = child(xml, "memory");
  const bytes = memory && sizeInBytes(text(memory) ?? "", attr(memory, "unit") ?? "KiB");
  if (bytes === undefined || bytes <= 0) return fail("its memory is missing or not a size libvirt takes");
  const vcpus = Number(text(child(xml, "vcpu")) ?? "1");
  const { template: tpl, because } = template(xml);
  const uuid = uuidOf(xml);
  const type = attr(xml, "type") ?? "kvm";
  const devices = child(xml, "devices");

  // The system disk: the first disk, when it is exactly what the generator writes for its volume.
  const firstDisk = children(devices, "disk").find((d) => (attr(d, "device") ?? "disk") === "disk");
  const source = child(firstDisk, "source");
  const volume =
    (source && ctx.volumesByPath.get(attr(source, "file") ?? "")) ??
    (source && ctx.volumesByPath.get(ctx.volumePaths.get(`${attr(source, "pool")}/${attr(source, "volume")}`) ?? ""));
  const virtio = tpl === "windows" && attr(child(firstDisk, "target"), "bus") === "virtio" ? { virtio: true } : {};
  const base = {
    ...(uuid !== undefined && { uuid }),
    memory: sizeOf(bytes),
    vcpus: Number.isSafeInteger(vcpus) && vcpus > 0 ? vcpus : 1,
    ...virtio,
    ...(type !== "kvm" && { domainType: type }),
  };
  let disk: ImportedVm["props"]["disk"];
  if (volume && firstDisk) {
    const vm = modelOf(name, tpl, { ...base, disk: { pool: volume.pool, volume: volume.decl }, nics: [] });
    if (vm && same(importedSystemDisk(vm, volume.model), firstDisk, ctx.volumePaths)) disk = { pool: volume.pool, volume: volume.decl };
  }

  // NICs: the leading interfaces that are plain NICs on imported networks.
  const nics: ImportedNic[] = [];
  const interfaces = children(devices, "interface");
  for (const iface of interfaces) {
    const network = attr(child(iface, "source"), "network");
    const mac = attr(child(iface, "mac"), "address");
    const model = attr(child(iface, "model"), "type");
    if (attr(iface, "type") !== "network" || network === undefined || !ctx.networks.has(network) || mac === undefined) break;
    if (model !== "e1000e" && model !== "virtio" && model !== "rtl8139") break;
    const nic: ModelNic = { network, mac, model };
    if (tpl === "linux" && model !== "virtio") break; // the Linux template has virtio NICs only
    if (!same(nicXml(nic), iface, ctx.volumePaths)) break;
    nics.push({ network, mac, model });
  }

  const props: ImportedVm["props"] = { ...base, ...(disk && { disk }), nics };
  const vm = modelOf(name, tpl, props);
  if (vm === undefined) {
    const parsed = vmInput.safeParse({ name, template: tpl, ...props });
    return fail(parsed.success ? "unreadable" : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const volumeModel = disk && volume?.model;
  const typed = keptDomainXml(vm, volumeModel);
  const kept: KeptElement[] = keptDifferences(xml, typed, (e) => normalizeDomain(e, ctx.volumePaths), new Set(["name", "devices"]));
  const typedDevices = new Set<XmlElement>([...(disk && firstDisk ? [firstDisk] : []), ...interfaces.slice(0, nics.length)]);
  const rest = children(devices).filter((d) => !typedDevices.has(d));
  if (rest.length > 0) {
    const counts = new Map<string, number>();
    for (const d of rest) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
    const what = `devices: ${[...counts].map(([n, c]) => (c === 1 ? n : `${c} × ${n}`)).join(", ")}`;
    kept.push(keep(el("devices", {}, rest), what, xml));
  }
  return { name, template: tpl, because, props, kept };
}
