import { problem, warning, type Diagnostic, type Located } from "../diagnostic.js";
import { isMac, isUuid } from "../ids.js";
import type { Model } from "../model.js";
import type { ModelVolume } from "../pool.js";

/** Every resource after the first that shares a key with an earlier one; `kind` may differ per item. */
export function duplicates<T extends Located>(kind: string | ((t: T) => string), items: readonly T[], key: (t: T) => string, what: string): Diagnostic[] {
  const first = new Map<string, T>();
  const found: Diagnostic[] = [];
  for (const item of items) {
    const k = key(item);
    const earlier = first.get(k);
    if (earlier) {
      found.push(problem(typeof kind === "string" ? kind : kind(item), item, `duplicate ${what} "${k}" (also used at line ${earlier.source.line})`));
    } else first.set(k, item);
  }
  return found;
}

/**
 * VMs whose names differ only by case: libvirt keeps them apart, but Windows computer names, DNS
 * and case-insensitive file systems (where `virsh dumpxml` output is often saved) do not.
 */
function caseOnlyNames(vms: readonly Located[]): Diagnostic[] {
  const first = new Map<string, Located>();
  const found: Diagnostic[] = [];
  for (const vm of vms) {
    const earlier = first.get(vm.name.toLowerCase());
    if (earlier === undefined) first.set(vm.name.toLowerCase(), vm);
    else if (earlier.name !== vm.name) {
      found.push(warning("vm", vm, `name differs from VM "${earlier.name}" (line ${earlier.source.line}) only by case; Windows, DNS and some file systems see one name`));
    }
  }
  return found;
}

/** Duplicate names within a kind, duplicate or malformed UUIDs and MACs. */
export function checkIdentity(model: Model, volumes: readonly ModelVolume[]): Diagnostic[] {
  const uuids = [
    ...model.networks.map((r) => ({ kind: "network", name: r.name, source: r.source, uuid: r.uuid })),
    ...model.pools.map((r) => ({ kind: "pool", name: r.name, source: r.source, uuid: r.uuid })),
    ...model.vms.map((r) => ({ kind: "vm", name: r.name, source: r.source, uuid: r.uuid })),
  ];
  const macs = [
    ...model.networks.filter((n) => n.mode !== "isolated" && n.mode !== "bridge").map((n) => ({ kind: "network", name: n.name, source: n.source, mac: n.mac })),
    ...model.vms.flatMap((vm) => vm.nics.map((nic) => ({ kind: "vm", name: vm.name, source: vm.source, mac: nic.mac }))),
  ];
  const kindOf = (item: { kind: string }) => item.kind;
  return [
    ...duplicates("network", model.networks, (n) => n.name, "network name"),
    ...duplicates("pool", model.pools, (p) => p.name, "pool name"),
    ...duplicates("volume", volumes, (v) => `${v.pool}/${v.fileName}`, "volume"),
    ...duplicates("vm", model.vms, (v) => v.name, "VM name"),
    ...caseOnlyNames(model.vms),
    ...duplicates("host", model.hosts, (h) => h.name, "host name"),
    ...uuids.filter((u) => !isUuid(u.uuid)).map((u) => problem(u.kind, u, `invalid UUID "${u.uuid}"`)),
    ...duplicates(kindOf, uuids, (u) => u.uuid.toLowerCase(), "UUID"),
    ...macs.filter((m) => !isMac(m.mac)).map((m) => problem(m.kind, m, `invalid MAC address "${m.mac}"`)),
    ...duplicates(kindOf, macs, (m) => m.mac.toLowerCase(), "MAC address"),
  ];
}
