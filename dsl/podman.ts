/**
 * Podman settings of a host: which podman release its units must work with, and how many
 * containers it may run. Give them to a host as `podman: { ... }`.
 *
 * @example
 * myLab.host("orchestrator", { podman: { version: "4.4", maxContainers: 7, maxContainersPerUser: 5 } });
 */
export interface PodmanSettings {
  /**
   * The oldest podman the host runs, `"major.minor"` (default `"4.4"`, the first with Quadlet).
   * A Quadlet key newer than this is an error that names the release introducing it; from `"4.8"`
   * Nix-built images are loaded by `.image` units instead of a load step before the container.
   */
  readonly version?: string;
  /** At most this many containers on the host (checked when generating). */
  readonly maxContainers?: number;
  /** At most this many containers per user on the host; rootful containers count as root's. */
  readonly maxContainersPerUser?: number;
}
