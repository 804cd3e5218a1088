import type { Model } from "../model/model.js";
import type { LibvirtKind, LibvirtObject } from "./libvirt-objects.js";

/** A libvirt object NixVirt would delete on switch. */
export interface Deletion extends LibvirtObject {
  /** When the topology declares an object of the same name with another UUID: that UUID (NixVirt matches by UUID). */
  readonly replacedBy?: string;
}

const ORDER: readonly LibvirtKind[] = ["domain", "network", "pool"];

/** The topology's objects of each kind, as name and UUID. */
function declared(model: Model): Map<LibvirtKind, ReadonlyArray<{ name: string; uuid: string }>> {
  return new Map<LibvirtKind, ReadonlyArray<{ name: string; uuid: string }>>([
    ["domain", model.vms],
    ["network", model.networks],
    ["pool", model.pools],
  ]);
}

/**
 * What NixVirt would delete: it owns every domain, network and pool on the connection (the generated
 * lists are never null, even when empty) and deletes each one whose UUID is not in its list. That
 * includes an object with a declared name but another UUID, e.g. libvirt's stock `default` network.
 * Sorted by kind (domains, networks, pools), then name.
 */
export function wouldDelete(model: Model, live: readonly LibvirtObject[]): Deletion[] {
  const wanted = declared(model);
  const deletions: Deletion[] = [];
  for (const object of live) {
    const mine = wanted.get(object.kind) ?? [];
    if (mine.some((d) => d.uuid.toLowerCase() === object.uuid.toLowerCase())) continue;
    const sameName = mine.find((d) => d.name === object.name);
    deletions.push(sameName ? { ...object, replacedBy: sameName.uuid } : { ...object });
  }
  return deletions.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `domain OLD (uuid …)`, plus why when the topology has an object of that name. */
export const describeDeletion = (d: Deletion): string =>
  `${d.kind} ${d.name} (uuid ${d.uuid})${d.replacedBy ? `: the topology's ${d.kind} ${d.name} has uuid ${d.replacedBy}, so this one is replaced` : ""}`;
