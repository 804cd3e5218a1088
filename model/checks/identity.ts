import { problem, type Diagnostic, type Located } from "../diagnostic.js";
import { isMac, isUuid } from "../ids.js";
import type { Model } from "../model.js";
import type { ModelVolume } from "../pool.js";

/** Every resource after the first that shares a key with an earlier one. */
export function duplicates<T extends Located>(kind: string, items: readonly T[], key: (t: T) => string, what: string): Diagnostic[] {
  const first = new Map<string, T>();
  const found: Diagnostic[] = [];
  for (const item of items) {
    const k = key(item);
    const earlier = first.get(k);
    if (earlier) {
      found.push(problem(kind, item, `duplicate ${what} "${k}" (also used at line ${earlier.source.line})`));
    } else first.set(k, item);
  }
  return found;
}

/** Duplicate names within a kind, duplicate or malformed UUIDs and MACs. */
export function checkIdentity(model: Model, volumes: readonly ModelVolume[]): Diagnostic[] {
  const uuids = [
    ...model.networks.map((r) => ({ kind: "network", r })),
    ...model.pools.map((r) => ({ kind: "pool", r })),
    ...model.vms.map((r) => ({ kind: "vm", r })),
  ];
  const macs = [
    ...model.networks.filter((n) => n.mode !== "isolated").map((n) => ({ kind: "network", r: n, mac: n.mac })),
    ...model.vms.flatMap((vm) => vm.nics.map((nic) => ({ kind: "vm", r: vm, mac: nic.mac }))),
  ];
  return [
    ...duplicates("network", model.networks, (n) => n.name, "network name"),
    ...duplicates("pool", model.pools, (p) => p.name, "pool name"),
    ...duplicates("volume", volumes, (v) => `${v.pool}/${v.fileName}`, "volume"),
    ...duplicates("vm", model.vms, (v) => v.name, "VM name"),
    ...duplicates("host", model.hosts, (h) => h.name, "host name"),
    ...uuids.filter(({ r }) => !isUuid(r.uuid)).map(({ kind, r }) => problem(kind, r, `invalid UUID "${r.uuid}"`)),
    ...duplicates("resource", uuids.map(({ kind, r }) => ({ ...r, name: `${kind} ${r.name}` })), (r) => r.uuid.toLowerCase(), "UUID").map(
      (d) => ({ ...d, resource: d.resource.replace(/^resource /, "") }),
    ),
    ...macs.filter(({ mac }) => !isMac(mac)).map(({ kind, r, mac }) => problem(kind, r, `invalid MAC address "${mac}"`)),
    ...duplicates("resource", macs.map(({ kind, r, mac }) => ({ name: `${kind} ${r.name}`, source: r.source, mac })), (m) => m.mac.toLowerCase(), "MAC address").map(
      (d) => ({ ...d, resource: d.resource.replace(/^resource /, "") }),
    ),
  ];
}
