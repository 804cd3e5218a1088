/**
 * Which machine box a resource is drawn in: its host (VMs, pools, non-bridged networks, containers,
 * jobs), or one box for resources on no declared host. A bridged network spanning several hosts
 * is a LAN segment between the boxes.
 */
import type { ModelNetwork } from "../../model/network.js";

/** Box id of a machine, and of the box for things on no declared host. */
export const hostBoxId = (host: string | undefined): string => (host === undefined ? "host-undeclared" : `host/${host}`);

/** The box a network is drawn in, or `undefined` for a bridged network spanning several hosts (drawn between them). */
export function networkBox(n: ModelNetwork): string | undefined {
  if (n.mode === "bridge" && n.hosts.length > 1) return undefined;
  return hostBoxId(n.host ?? n.hosts[0]);
}
