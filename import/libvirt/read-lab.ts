import { posix } from "node:path";
import { normalizePool as modelPool, normalizeVolume as modelVolume, type ModelPool, type ModelVolume } from "../../model/pool.js";
import { parseXml, XmlParseError } from "../../syntax/xml/parse.js";
import type { XmlElement } from "../../syntax/xml/index.js";
import type { ImportedLab, ImportedNetwork, ImportedPool, ImportedVm, ImportedVolume, NotImported } from "../declarations.js";
import { ImportError } from "../errors.js";
import { readDomain } from "./domain.js";
import { readNetwork } from "./network.js";
import { readPool, readVolume } from "./pool.js";
import { child, text } from "./xml-access.js";

/** One libvirt definition to import: where it came from (a file, or `virsh -c URI net-dumpxml NAME`) and its text. */
export interface LibvirtDocument {
  readonly origin: string;
  readonly text: string;
  /** For a volume: the pool it belongs to when the origin says so (a folder named after the pool, or `vol-dumpxml --pool`). */
  readonly pool?: string;
}

const KINDS = ["domain", "network", "pool", "volume"] as const;
type Kind = (typeof KINDS)[number];
const NO_SOURCE = { file: "<import>", line: 0, column: 0 };

function parse(doc: LibvirtDocument): { kind: Kind; root: XmlElement; doc: LibvirtDocument } {
  let root: XmlElement;
  try {
    root = parseXml(doc.text);
  } catch (error) {
    const at = error instanceof XmlParseError && error.line !== undefined ? `:${error.line}:${error.column}` : "";
    throw new ImportError(`${doc.origin}${at}: malformed XML: ${(error as Error).message}`);
  }
  if (!(KINDS as readonly string[]).includes(root.name)) {
    throw new ImportError(`${doc.origin}: <${root.name}> is not a libvirt object import reads (domain, network, pool, volume)`);
  }
  if (text(child(root, "name")) === undefined) throw new ImportError(`${doc.origin}: <${root.name}> has no <name>`);
  return { kind: root.name as Kind, root, doc };
}

const isNotImported = (x: object): x is NotImported => "why" in x;

/**
 * Read libvirt definitions into DSL-level declarations: networks, dir pools with their volumes
 * (backing files first), then domains, whose disks and NICs refer to what was read. A DHCP
 * reservation of a VM's NIC (named like the VM, in lower case, as the generators write them)
 * becomes that NIC's `ip`. Throws an {@link ImportError} for malformed XML, an unknown root
 * element, or two objects of a kind with one name.
 *
 * @example
 * readLibvirt([{ origin: "dump/default.xml", text }])
 */
export function readLibvirt(docs: readonly LibvirtDocument[], opts: { lanSubnet?: string } = {}): ImportedLab {
  const parsed = docs.map(parse);
  const byKind = (k: Kind) => parsed.filter((p) => p.kind === k);
  for (const kind of KINDS) {
    const seen = new Map<string, string>();
    for (const p of byKind(kind)) {
      const name = text(child(p.root, "name"))!;
      const key = kind === "volume" ? `${p.doc.pool ?? ""}/${name}` : name;
      const first = seen.get(key);
      if (first !== undefined) throw new ImportError(`${p.doc.origin}: ${kind} ${name} is also defined in ${first}`);
      seen.set(key, p.doc.origin);
    }
  }
  const notImported: NotImported[] = [];

  const networks: ImportedNetwork[] = [];
  for (const p of byKind("network")) {
    const n = readNetwork(p.root, opts.lanSubnet);
    if (isNotImported(n)) notImported.push(n);
    else networks.push(n);
  }

  const pools: ImportedPool[] = [];
  const volumesByPath = new Map<string, { pool: string; decl: string; model: ModelVolume }>();
  const volumePaths = new Map<string, string>();
  const volumeDocs = byKind("volume");
  const handled = new Set<(typeof volumeDocs)[number]>();
  for (const p of byKind("pool")) {
    const read = readPool(p.root);
    if (isNotImported(read)) {
      notImported.push(read);
      continue;
    }
    const pool: ModelPool = modelPool("import", { name: read.name, type: "dir", path: read.props.path, active: true, libvirtXml: [] }, [], NO_SOURCE);
    const inPool = (v: (typeof volumeDocs)[number]): boolean =>
      v.doc.pool !== undefined ? v.doc.pool === pool.name : posix.dirname(text(child(child(v.root, "target"), "path")) ?? "") === pool.path;
    const mine = volumeDocs.filter(inPool);
    const volumes: ImportedVolume[] = [];
    const taken = new Set<string>();
    const byPath = new Map<string, ImportedVolume>();
    // Backing volumes before their overlays: read what can be read until nothing changes.
    let pending = mine;
    while (pending.length > 0) {
      const next = pending.filter((v) => {
        const backing = text(child(child(v.root, "backingStore"), "path"));
        if (backing !== undefined && !byPath.has(backing) && pending.some((o) => `${pool.path}/${text(child(o.root, "name"))}` === backing)) return true;
        handled.add(v);
        const vol = readVolume(v.root, pool, byPath, taken);
        if (isNotImported(vol)) {
          notImported.push(vol);
          return false;
        }
        volumes.push(vol);
        taken.add(vol.name);
        const fileName = vol.fileName ?? `${vol.name}.${vol.format}`;
        const path = `${pool.path}/${fileName}`;
        byPath.set(path, vol);
        volumePaths.set(`${pool.name}/${fileName}`, path);
        const model = modelVolume({ name: vol.name, pool: pool.name, capacity: vol.capacity, format: vol.format, libvirtXml: [], ...(vol.fileName !== undefined && { fileName: vol.fileName }) }, NO_SOURCE);
        volumesByPath.set(path, { pool: pool.name, decl: vol.name, model });
        return false;
      });
      if (next.length === pending.length) {
        for (const v of next) handled.add(v);
        for (const v of next) notImported.push({ kind: "volume", name: `${pool.name}/${text(child(v.root, "name"))}`, why: "its backing chain is a cycle", xml: v.doc.text });
        break;
      }
      pending = next;
    }
    pools.push({ ...read, volumes });
  }
  for (const v of volumeDocs) {
    if (!handled.has(v)) notImported.push({ kind: "volume", name: text(child(v.root, "name"))!, why: "no imported directory pool holds it", xml: v.doc.text });
  }

  const ctx = { volumesByPath, volumePaths, networks: new Set(networks.map((n) => n.name)) };
  const vms: ImportedVm[] = [];
  for (const p of byKind("domain")) {
    const vm = readDomain(p.root, ctx);
    if (isNotImported(vm)) notImported.push(vm);
    else vms.push(vm);
  }
  return nicAddresses({ networks, pools, vms, notImported });
}

/** A network's reservation for a VM's NIC (same MAC, named like the VM in lower case) becomes the NIC's `ip`. */
function nicAddresses(lab: ImportedLab): ImportedLab {
  const claimed = new Set<string>();
  const vms = lab.vms.map((vm) => ({
    ...vm,
    props: {
      ...vm.props,
      nics: vm.props.nics.map((nic) => {
        const net = lab.networks.find((n) => n.name === nic.network);
        const lease = net?.props.leases?.find((l) => l.mac.toLowerCase() === nic.mac.toLowerCase() && l.name === vm.name.toLowerCase());
        if (!lease || claimed.has(`${nic.network}/${lease.mac}`)) return nic;
        claimed.add(`${nic.network}/${lease.mac}`);
        return { ...nic, ip: lease.ip };
      }),
    },
  }));
  const networks = lab.networks.map((n) => {
    const leases = n.props.leases?.filter((l) => !claimed.has(`${n.name}/${l.mac}`));
    const { leases: _, ...rest } = n.props;
    return { ...n, props: leases && leases.length > 0 ? { ...rest, leases } : rest };
  });
  return { ...lab, networks, vms };
}
