/**
 * The normalisation under which an imported object and the definition homelab-gen generates from
 * it are the same object. docs/import.md lists each rule; a rule is here only when libvirt itself
 * treats both forms alike (a default it fills in, a value it adds on define, an order it imposes).
 */
import { inLibvirtOrder } from "../../generators/libvirt/element-order.js";
import { el, type XmlElement, type XmlNode } from "../../syntax/xml/ast.js";
import { sizeInBytes } from "./sizes.js";
import { canonicalUuid } from "./uuid.js";

/** Where each volume lives, `pool/volume file` -> host path, to compare a volume disk with a file disk. */
export type VolumePaths = ReadonlyMap<string, string>;

const elements = (e: XmlElement): XmlElement[] => e.children.filter((c): c is XmlElement => c.kind === "element");
const attr = (e: XmlElement, name: string): string | undefined => e.attrs.find(([k]) => k === name)?.[1];
const textOf = (e: XmlElement): string => e.children.map((c) => (c.kind === "text" ? c.value : "")).join("");
const withAttrs = (e: XmlElement, attrs: Record<string, string | undefined>): XmlElement => {
  const rest = e.attrs.filter(([k]) => !(k in attrs));
  const add = Object.entries(attrs).filter((kv): kv is [string, string] => kv[1] !== undefined);
  return { ...e, attrs: [...rest, ...add] };
};
const withoutAttrs = (e: XmlElement, names: readonly string[]): XmlElement => ({ ...e, attrs: e.attrs.filter(([k]) => !names.includes(k)) });
const withChildren = (e: XmlElement, children: XmlNode[]): XmlElement => ({ ...e, children });

/**
 * Attributes sorted by name, recursively: attribute order means nothing in XML. Namespace
 * declarations go: import moves them from the root onto the kept elements that use them, and
 * prefixes are compared as written.
 */
function sortAttributes(e: XmlElement): XmlElement {
  if (e.name === "uuid" && e.children.length === 1 && e.children[0]!.kind === "text") {
    // libvirt reads any 32 hex digits with or without dashes and prints the canonical form.
    const canonical = canonicalUuid(e.children[0]!.value);
    if (canonical !== undefined) return { ...e, children: [{ kind: "text", value: canonical }] };
  }
  return {
    ...e,
    attrs: e.attrs.filter(([k]) => k !== "xmlns" && !k.startsWith("xmlns:")).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    children: e.children.map((c) => (c.kind === "element" ? sortAttributes(c) : c)),
  };
}

/** A size element (`<memory unit='GiB'>4</memory>`) as bytes without a unit. */
function sizeAsBytes(e: XmlElement): XmlElement {
  const bytes = sizeInBytes(textOf(e), attr(e, "unit") ?? (e.name === "memory" || e.name === "currentMemory" ? "KiB" : "B"));
  return bytes === undefined ? e : el(e.name, {}, [String(bytes)]);
}

/** Device children libvirt adds on define or start: PCI/drive addresses, aliases, live targets. */
function dropAssigned(device: XmlElement): XmlElement {
  const kept = elements(device).filter((c) => c.name !== "address" && c.name !== "alias" && !(device.name === "interface" && c.name === "target"));
  return withChildren(device, kept);
}

/** A disk on a pool volume as the file disk it resolves to, when the volume's path is known. */
function volumeAsFile(disk: XmlElement, volumePaths: VolumePaths): XmlElement {
  if (disk.name !== "disk" || attr(disk, "type") !== "volume") return disk;
  const source = elements(disk).find((c) => c.name === "source");
  const path = source && volumePaths.get(`${attr(source, "pool")}/${attr(source, "volume")}`);
  if (source === undefined || path === undefined) return disk;
  const file = el("source", Object.fromEntries([...source.attrs.filter(([k]) => k !== "pool" && k !== "volume"), ["file", path]]));
  return withChildren(withAttrs(disk, { type: "file" }), disk.children.map((c) => (c === source ? file : c)));
}

/** A domain, normalised (see docs/import.md). */
export function normalizeDomain(domain: XmlElement, volumePaths: VolumePaths = new Map()): XmlElement {
  const children = elements(domain).map((c) => {
    if (c.name === "memory" || c.name === "currentMemory") return sizeAsBytes(c);
    if (c.name === "vcpu" && attr(c, "placement") === "static") return withoutAttrs(c, ["placement"]);
    if (c.name === "devices") return inLibvirtOrder(withChildren(c, elements(c).map((d) => volumeAsFile(dropAssigned(d), volumePaths))));
    return c;
  });
  const memory = children.find((c) => c.name === "memory");
  const current = children.find((c) => c.name === "currentMemory");
  // libvirt writes currentMemory equal to memory when none was given.
  const withoutDefault = current && memory && textOf(current) === textOf(memory) ? children.filter((c) => c !== current) : children;
  return sortAttributes(inLibvirtOrder(withChildren(domain, withoutDefault)));
}

const NETMASKS = (prefix: number): string =>
  [0, 8, 16, 24].map((shift) => String((prefix >= 32 ? 0xffffffff : ~(0xffffffff >>> prefix)) >>> (24 - shift) & 0xff)).join(".");

/** A network, normalised (see docs/import.md). */
export function normalizeNetwork(network: XmlElement): XmlElement {
  const children = elements(network).map((c) => {
    // libvirt's defaults: STP on, no forward delay; a forward without mode is NAT.
    if (c.name === "bridge") return withAttrs(c, { stp: attr(c, "stp") ?? "on", delay: attr(c, "delay") ?? "0" });
    if (c.name === "forward" && attr(c, "mode") === undefined) return withAttrs(c, { mode: "nat" });
    if (c.name === "ip") {
      const prefix = attr(c, "prefix");
      const ipv4 = (attr(c, "family") ?? "ipv4") === "ipv4";
      const ip = ipv4 && prefix !== undefined ? withAttrs(withoutAttrs(c, ["prefix"]), { netmask: NETMASKS(Number(prefix)) }) : c;
      return withChildren(
        ip,
        elements(ip).map((d) => {
          if (d.name !== "dhcp") return d;
          // Reservations are looked up by MAC or name, so their order means nothing.
          const hosts = elements(d).filter((h) => h.name === "host");
          const sorted = [...hosts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
          return withChildren(d, [...elements(d).filter((h) => h.name !== "host"), ...sorted]);
        }),
      );
    }
    return c;
  });
  // `connections` counts the NICs attached to a running network: live XML only, not read on define.
  return sortAttributes(inLibvirtOrder(withChildren(withoutAttrs(network, ["connections"]), children)));
}

const key = (host: XmlElement): string => JSON.stringify([...host.attrs].sort());

/** A storage pool, normalised: the figures libvirt reports (capacity, allocation, available) and an empty `<source/>` go. */
export function normalizePool(pool: XmlElement): XmlElement {
  const children = elements(pool).filter((c) => !["capacity", "allocation", "available"].includes(c.name) && !(c.name === "source" && c.children.length === 0 && c.attrs.length === 0));
  return sortAttributes(inLibvirtOrder(withChildren(pool, children)));
}

/**
 * A volume, normalised: what libvirt fills in or reports (its type, key, allocation, physical
 * size, the file's path, timestamps, the backing file's format probe) goes; sizes become bytes.
 */
export function normalizeVolume(volume: XmlElement): XmlElement {
  // `type='file'` comes from the pool: libvirt writes it, a definition need not.
  volume = withoutAttrs(volume, ["type"]);
  const children = elements(volume)
    .filter((c) => !["key", "allocation", "physical"].includes(c.name) && !(c.name === "source" && c.children.length === 0))
    .map((c) => {
      if (c.name === "capacity") return sizeAsBytes(c);
      // libvirt probes the backing file's format itself.
      if (c.name === "backingStore") return withChildren(c, elements(c).filter((t) => t.name === "path"));
      if (c.name !== "target") return c;
      const target = elements(c).filter((t) => !["path", "timestamps"].includes(t.name));
      // A directory pool's volumes are raw unless said otherwise.
      return withChildren(c, target.some((t) => t.name === "format") ? target : [...target, el("format", { type: "raw" })]);
      return c;
    });
  return sortAttributes(inLibvirtOrder(withChildren(volume, children)));
}
