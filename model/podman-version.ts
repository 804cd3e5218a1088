import * as z from "./zod.js";

/** The podman release a host's units must work with, `"major.minor"`. */
export type PodmanVersion = string;

/** Podman 4.4 is the first release with Quadlet. */
export const DEFAULT_PODMAN_VERSION: PodmanVersion = "4.4";

const VERSION = /^(\d+)\.(\d+)$/;

/** `"4.4"`-style version text; Quadlet does not exist before 4.4. */
export const podmanVersion = z.string().check(
  z.regex(VERSION, 'podman version must be "major.minor", e.g. "4.4"'),
  z.refine((v) => compareVersions(v, DEFAULT_PODMAN_VERSION) >= 0, { message: "podman has Quadlet from version 4.4 on" }),
);

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: PodmanVersion, b: PodmanVersion): number {
  const [, aMajor = "0", aMinor = "0"] = VERSION.exec(a) ?? [];
  const [, bMajor = "0", bMinor = "0"] = VERSION.exec(b) ?? [];
  return Number(aMajor) - Number(bMajor) || Number(aMinor) - Number(bMinor);
}

/**
 * Whether a host targeting `target` has what `since` introduced.
 *
 * @example
 * atLeast("4.8", "4.6"); // true
 */
export const atLeast = (target: PodmanVersion, since: PodmanVersion): boolean => compareVersions(target, since) >= 0;
