import { deriveMac } from "./ids.js";
import type { ModelNetwork } from "./network.js";
import type { ModelVm } from "./vm.js";

/**
 * Derived MACs have 24 random-looking bits, so large labs see collisions (thousands of NICs make one
 * likely). Walk derived MACs in declaration order and re-derive a colliding one with a counter: the
 * later declaration moves, everything else keeps its MAC. MACs the user gave are never changed
 * (duplicates among those are reported by the checks).
 */
export function separateDerivedMacs(
  lab: string,
  networks: ModelNetwork[],
  vms: ModelVm[],
  given: ReadonlySet<string>,
): void {
  const taken = new Set(given);
  const claim = (mac: string, parts: string[]): string => {
    if (given.has(mac)) return mac;
    let candidate = mac;
    for (let n = 1; taken.has(candidate); n++) candidate = deriveMac(...parts, `#${n}`);
    taken.add(candidate);
    return candidate;
  };
  networks.forEach((network, i) => {
    networks[i] = { ...network, mac: claim(network.mac, [lab, "network", network.name]) };
  });
  vms.forEach((vm, i) => {
    vms[i] = { ...vm, nics: vm.nics.map((nic, k) => ({ ...nic, mac: claim(nic.mac, [lab, "vm", vm.name, "nic", String(k)]) })) };
  });
}
