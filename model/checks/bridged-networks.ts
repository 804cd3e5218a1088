import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import type { ModelNetwork } from "../network.js";
import { MAX_INTERFACE_NAME } from "./bridges.js";

/** The VLAN sub-interface a bridged network's uplink gets on a host: `<uplink>.<vlan>`. */
export const vlanInterface = (uplink: string, vlan: number): string => `${uplink}.${vlan}`;

/** A VLAN needs an uplink on every host to tag, and interface names fit the kernel's limit. */
function checkUplinks(n: ModelNetwork): string[] {
  const found: string[] = [];
  for (const host of n.hosts) {
    const uplink = n.uplinks[host];
    if (uplink === undefined) {
      if (n.vlan !== undefined) found.push(`vlan ${n.vlan} is tagged on an uplink: give host ${host} one in \`uplink\``);
      continue;
    }
    const name = n.vlan === undefined ? uplink : vlanInterface(uplink, n.vlan);
    if (name.length > MAX_INTERFACE_NAME) {
      found.push(`interface name "${name}" on host ${host} is ${name.length} characters; Linux allows at most ${MAX_INTERFACE_NAME}`);
    }
  }
  return found;
}

/**
 * An interface can be the port of one bridge only: two bridged networks on one host may not use
 * the same uplink without a VLAN, nor the same uplink and VLAN.
 */
function checkSharedPorts(model: Model): Diagnostic[] {
  const owner = new Map<string, string>();
  const found: Diagnostic[] = [];
  for (const n of model.networks.filter((x) => x.mode === "bridge")) {
    for (const host of n.hosts) {
      const uplink = n.uplinks[host];
      if (uplink === undefined) continue;
      const port = n.vlan === undefined ? uplink : vlanInterface(uplink, n.vlan);
      const other = owner.get(`${host}\u0000${port}`);
      if (other !== undefined) found.push(problem("network", n, `interface ${port} on host ${host} is already the bridge port of network ${other}`));
      else owner.set(`${host}\u0000${port}`, n.name);
    }
  }
  return found;
}

/** Uplinks and VLAN sub-interfaces of bridged networks on each host they span. */
export const checkBridgedNetworks = (model: Model): Diagnostic[] => [
  ...model.networks.filter((n) => n.mode === "bridge").flatMap((n) => checkUplinks(n).map((message) => problem("network", n, message))),
  ...checkSharedPorts(model),
];
