import { nicXml } from "../../generators/libvirt/domain.js";
import { importedSystemDisk, keptDomainXml } from "../../generators/libvirt/kept-domain.js";
import { normalizeVm, vmInput, type ModelNic, type ModelVm } from "../../model/vm.js";
import type { ModelVolume } from "../../model/pool.js";
import { el, printElement, sameTree, type XmlElement } from "../../syntax/xml/index.js";
import type { ImportedNic, ImportedVm, KeptElement, NotImported } from "../declarations.js";
import { describe, keep, keptDifferences } from "./kept-diff.js";
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

/** A device as the domain normalisation sees it (so `<address>`, `<alias>` and order do not count). */
const normalizedDevice = (device: XmlElement, paths: VolumePaths): XmlElement => children(child(normalizeDomain(el("domain", {}, [el("devices", {}, [device])]), paths), "devices"))[0]!;

const same = (a: XmlElement, b: XmlElement, paths: VolumePaths): boolean => sameTree(normalizedDevice(a, paths), normalizedDevice(b, paths));

/** Where a NIC is, for a comment: `on network default`, or its start tag (`<interface type='bridge'>`). */
function whereIs(iface: XmlElement): string {
  const network = attr(child(iface, "source"), "network");
  return attr(iface, "type") === "network" && network !== undefined ? `on network ${network}` : describe(iface);
}

/**
 * An interface as a typed NIC, or why it cannot be one: it must be a plain NIC (MAC, model
 * e1000e/virtio/rtl8139, nothing else) on an imported network, exactly what the generator writes.
 */
function typedNic(iface: XmlElement, tpl: ImportedVm["template"], ctx: DomainContext): ImportedNic | string {
  const network = attr(child(iface, "source"), "network");
  const mac = attr(child(iface, "mac"), "address");
  const model = attr(child(iface, "model"), "type");
  if (attr(iface, "type") !== "network" || network === undefined) return "it is not on a libvirt network";
  if (!ctx.networks.has(network)) return `its network ${network} is not imported`;
  // libvirt gives a NIC without one a random MAC when it defines the domain; a typed NIC has a fixed one.
  if (mac === undefined) return "it has no <mac>, which a typed NIC needs (libvirt would pick a random one)";
  if (model !== "e1000e" && model !== "virtio" && model !== "rtl8139") return `its model is ${model ?? "not given"}, not e1000e, virtio or rtl8139`;
  if (tpl === "linux" && model !== "virtio") return `its model is ${model}; the Linux template has virtio NICs only`;
  const nic: ModelNic = { network, mac, model };
  if (same(nicXml(nic), iface, ctx.volumePaths)) return nic;
  const written = children(normalizedDevice(nicXml(nic), ctx.volumePaths));
  const extra = children(normalizedDevice(iface, ctx.volumePaths)).filter((c) => !written.some((w) => sameTree(w, c)));
  return `it has more than a typed NIC writes: ${extra.length > 0 ? extra.map((c) => describe(c)).join(", ") : describe(iface)}`;
}

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
  let untyped: string | undefined;
  for (const iface of interfaces) {
    const nic = typedNic(iface, tpl, ctx);
    if (typeof nic === "string") {
      untyped = nic;
      break;
    }
    nics.push(nic);
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
    const later = interfaces.length - nics.length - 1;
    const why =
      untyped &&
      `interface ${nics.length + 1} (${whereIs(interfaces[nics.length]!)}) is kept, not typed: ${untyped}` +
        (later > 0 ? `; the ${later === 1 ? "one" : later} after it ${later === 1 ? "stays" : "stay"} too, so the NICs keep their order` : "");
    kept.push({ ...keep(el("devices", {}, rest), what, xml), ...(why && { why }) });
  }
  return { name, template: tpl, because, props, kept };
}
