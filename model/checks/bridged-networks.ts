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

/** Uplinks and VLAN sub-interfaces of bridged networks on each host they span. */
export const checkBridgedNetworks = (model: Model): Diagnostic[] =>
  model.networks.filter((n) => n.mode === "bridge").flatMap((n) => checkUplinks(n).map((message) => problem("network", n, message)));
