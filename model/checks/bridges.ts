import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";

/** The kernel's IFNAMSIZ is 16 including the terminating NUL. */
export const MAX_INTERFACE_NAME = 15;

/** Bridge names the kernel accepts, each used by one network only on each host. */
export function checkBridges(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  const owner = new Map<string, string>();
  for (const network of model.networks) {
    const { bridge } = network;
    if (bridge.length > MAX_INTERFACE_NAME) found.push(problem("network", network, `bridge name "${bridge}" is ${bridge.length} characters; Linux allows at most ${MAX_INTERFACE_NAME}`));
    if (!/^[A-Za-z0-9_.-]+$/.test(bridge) || bridge === "." || bridge === "..") {
      found.push(problem("network", network, `bridge name "${bridge}" may use only letters, digits, '_', '.' and '-'`));
    }
    // A network on no host (the lab declares none) shares the one machine with every other.
    const clashes = [...new Set((network.hosts.length > 0 ? network.hosts : [""]).map((host) => owner.get(`${host}\u0000${bridge}`)).filter((o) => o !== undefined))];
    for (const other of clashes) found.push(problem("network", network, `bridge name "${bridge}" is already used by network ${other}`));
    if (clashes.length === 0) for (const host of network.hosts.length > 0 ? network.hosts : [""]) owner.set(`${host}\u0000${bridge}`, network.name);
  }
  return found;
}
