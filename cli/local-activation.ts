import { hostname } from "node:os";
import type { Model } from "../model/model.js";
import { UsageFailure } from "../realize/failure.js";

/**
 * Without `--target-host`, nixos-rebuild activates on this machine. In a fleet, switching another
 * host's configuration here would make this machine that host (its hardware configuration, boot
 * loader, file systems), so it is refused unless this machine's hostname is the host's (the
 * generated configuration sets `networking.hostName`) or `--here` says it is that host (a first
 * install, still named `nixos`). A lab with one host is switched where it is run, as before.
 */
export function assertActivatesHere(model: Model, host: string, opts: { readonly targetHost?: string; readonly here?: boolean }, thisMachine: string = hostname()): void {
  if (opts.targetHost !== undefined || opts.here === true || model.hosts.length < 2) return;
  const name = thisMachine.split(".")[0]!;
  if (name === host) return;
  throw new UsageFailure(
    `switch would activate ${host}'s configuration on this machine, whose hostname is "${name}": ` +
      `pass --target-host to switch ${host} over ssh (or use homelab-gen deploy), or --here when this machine is ${host}`,
  );
}
