import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";

// The kernel's IFNAMSIZ is 16 including the terminating NUL.
const MAX_BRIDGE = 15;

/** Bridge names the kernel accepts, each used by one network only. */
export function checkBridges(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  const owner = new Map<string, string>();
  for (const network of model.networks) {
    const { bridge } = network;
    if (bridge.length > MAX_BRIDGE) found.push(problem("network", network, `bridge name "${bridge}" is ${bridge.length} characters; Linux allows at most ${MAX_BRIDGE}`));
    if (!/^[A-Za-z0-9_.-]+$/.test(bridge) || bridge === "." || bridge === "..") {
      found.push(problem("network", network, `bridge name "${bridge}" may use only letters, digits, '_', '.' and '-'`));
    }
    const other = owner.get(bridge);
    if (other !== undefined) found.push(problem("network", network, `bridge name "${bridge}" is already used by network ${other}`));
    else owner.set(bridge, network.name);
  }
  return found;
}
