/**
 * NixOS releases and their support windows, for the default nixpkgs branch and the end-of-life
 * warning. Sources (checked 2026-12-02): a YY.05 release gets fixes until December 31 of that year,
 * a YY.11 release until June 30 of the next (nixos.org announcements: 22.11 "up until 2023-06-30",
 * 23.05 "until the end of December 2023"; endoflife.date/nixos lists 25.05 until 2025-12-31 and
 * 25.11 until 2026-06-30). 26.05 "Yarara" was released on 2026-05-30; 26.11 "Zokor" has a
 * release-26.11 branch whose release notes carry no date yet, so it is not released.
 */

/** The newest released, maintained NixOS (supported until 2026-12-31). */
export const NEWEST_STABLE = "26.05";

/**
 * The podman each NixOS release ships, `major.minor`, where it was established: 25.05 had 5.4
 * (nixpkgs PR #408599 moved master to 5.5 only after the branch-off); 26.05 has the 5.8 line:
 * nixpkgs PR #536367, "[26.05] podman: 5.8.2 -> 5.8.4" (2026-06-28), a backport whose base was
 * release-26.05 with 5.8.2, and PR #553617 ("podman's maintained 5.8 line", 5.8.4 -> 5.8.6).
 */
export const PODMAN_OF_RELEASE: Readonly<Record<string, string>> = { "25.05": "5.4", "26.05": "5.8" };

/** `nixos-26.05`, `nixos-26.05-small`, `release-26.05`, `nixpkgs-26.05-darwin`: the release they follow. */
const RELEASE_BRANCH = /^(?:nixos|release|nixpkgs)-(\d{2})\.(05|11)(?:-small|-darwin)?$/;

/** The release (`"25.05"`) a nixpkgs branch follows, or undefined for unstable and other branches. */
export function releaseOfBranch(branch: string): string | undefined {
  const m = RELEASE_BRANCH.exec(branch);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/**
 * The last day a release gets fixes, `YYYY-MM-DD`.
 *
 * @example
 * endOfLife("25.05"); // "2025-12-31"
 * endOfLife("25.11"); // "2026-06-30"
 */
export function endOfLife(release: string): string {
  const [yy, mm] = release.split(".").map(Number) as [number, number];
  return mm === 5 ? `20${String(yy).padStart(2, "0")}-12-31` : `20${String(yy + 1).padStart(2, "0")}-06-30`;
}

/** The end-of-life date of the release a branch follows when it lies before `today` (`YYYY-MM-DD`). */
export function endedRelease(branch: string, today: string): { release: string; ended: string } | undefined {
  const release = releaseOfBranch(branch);
  if (release === undefined) return undefined;
  const ended = endOfLife(release);
  return ended < today ? { release, ended } : undefined;
}
