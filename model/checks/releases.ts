import { warning, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { NEWEST_STABLE, PODMAN_OF_RELEASE, endedRelease, releaseOfBranch } from "../nixos-release.js";
import { compareVersions } from "../podman-version.js";

/** Today as `YYYY-MM-DD` (UTC). */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Hosts pinned to a NixOS release past its end of life get no security fixes: a warning at the
 * host's line naming the date and the maintained release to move to. A host whose podman target
 * is newer than the podman its release ships would get units that podman cannot read: a warning too.
 */
export function checkReleases(model: Model, on: string = today()): Diagnostic[] {
  return model.hosts.flatMap((host) => {
    const found: Diagnostic[] = [];
    const ended = endedRelease(host.nixpkgs, on);
    if (ended !== undefined) {
      found.push(
        warning(
          "host",
          host,
          `${host.nixpkgs} follows NixOS ${ended.release}, which reached its end of life on ${ended.ended} and gets no security fixes; use nixos-${NEWEST_STABLE}`,
        ),
      );
    }
    const release = releaseOfBranch(host.nixpkgs);
    const shipped = release === undefined ? undefined : PODMAN_OF_RELEASE[release];
    if (shipped !== undefined && compareVersions(host.podman.version, shipped) > 0) {
      found.push(warning("host", host, `podman.version ${host.podman.version} is newer than the podman ${shipped} NixOS ${release} ships; its units may use keys that podman does not know`));
    }
    return found;
  });
}
