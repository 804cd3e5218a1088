import { warning, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { NEWEST_STABLE, endedRelease } from "../nixos-release.js";

/** Today as `YYYY-MM-DD` (UTC). */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Hosts pinned to a NixOS release past its end of life get no security fixes: a warning at the
 * host's line naming the date and the maintained release to move to.
 */
export function checkReleases(model: Model, on: string = today()): Diagnostic[] {
  return model.hosts.flatMap((host) => {
    const ended = endedRelease(host.nixpkgs, on);
    if (ended === undefined) return [];
    return [
      warning(
        "host",
        host,
        `${host.nixpkgs} follows NixOS ${ended.release}, which reached its end of life on ${ended.ended} and gets no security fixes; use nixos-${NEWEST_STABLE}`,
      ),
    ];
  });
}
