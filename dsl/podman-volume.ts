import { Resource } from "./resource.js";

/**
 * Options of a podman named volume.
 *
 * @example
 * { owner: { uid: 999, gid: 999 }, labels: { backup: "nightly" } }
 */
export interface PodmanVolumeProps {
  /** Owner of the volume's root inside the container's user namespace, e.g. `{ uid: 1000, gid: 1000 }`. */
  readonly owner?: { readonly uid: number; readonly gid?: number };
  /** Volume labels. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A podman named volume (a Quadlet `.volume` unit). Create it with `lab.podmanVolume(...)`; mount
 * it in a container with `volumes: [{ volume, path }]`. It is created in the storage of every
 * user whose containers mount it (podman storage is per user).
 *
 * @example
 * const home = myLab.podmanVolume("alice-home", { owner: { uid: 1000 } });
 * myLab.container("alice-dev", { image: tools, user: "alice", volumes: [{ volume: home, path: "/home/dev" }] });
 */
export class PodmanVolume extends Resource<"podman-volume"> {
  /** @internal Use `lab.podmanVolume(...)`. */
  constructor(
    name: string,
    readonly props: PodmanVolumeProps,
  ) {
    super("podman-volume", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props };
  }
}
