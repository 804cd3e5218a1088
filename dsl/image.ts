import { Resource } from "./resource.js";

/**
 * A port an image exposes: a number (TCP) or `"<port>/tcp"` / `"<port>/udp"`.
 *
 * @example
 * exposedPorts: [8080, "22000/udp"]
 */
export type ExposedPort = number | `${number}/tcp` | `${number}/udp`;

/**
 * An account written into the image's `/etc/passwd` and `/etc/group` by `fakeNss`.
 *
 * @example
 * fakeNss: { users: [{ name: "dev", uid: 1000, shell: "/bin/bash" }] }
 */
export interface ImageUser {
  /** Login name, e.g. `"dev"`. */
  readonly name: string;
  readonly uid: number;
  /** Primary group id; a group of the same name is created. Default: `uid`. */
  readonly gid?: number;
  /** Home directory, created in the image and owned by the user. Default `/home/<name>`. */
  readonly home?: string;
  /** Login shell. Default `/bin/sh`. */
  readonly shell?: string;
}

/**
 * A text file placed in the image.
 *
 * @example
 * files: { "/usr/local/bin/hello": { text: "#!/bin/sh\necho hello\n", executable: true } }
 */
export interface ImageFile {
  readonly text: string;
  /** Mark it executable (mode 0555 instead of 0444). Default `false`. */
  readonly executable?: boolean;
}

/**
 * Options of a container image built by Nix's `dockerTools.buildLayeredImage`.
 *
 * @example
 * { tag: "1.0", packages: ["bashInteractive", "jq"], cmd: ["bash"], caCertificates: true }
 */
export interface ImageProps {
  /**
   * The image tag, e.g. `"1.0"`. Required: without one dockerTools tags the image with its hash,
   * which changes on every rebuild, so units could not name it.
   */
  readonly tag: string;
  /** nixpkgs attribute paths put into the image, e.g. `["bashInteractive", "zed-editor.remote_server"]`. */
  readonly packages?: readonly string[];
  /** Extra files: absolute path in the image -> contents. */
  readonly files?: Readonly<Record<string, string | ImageFile>>;
  /**
   * A shell script run as the entrypoint (it becomes `/bin/<image>-entrypoint`); end it with
   * `exec "$@"` to run the command. Cannot be combined with `entrypoint`.
   */
  readonly entrypointScript?: string;
  /** OCI `Entrypoint`. */
  readonly entrypoint?: readonly string[];
  /** OCI `Cmd`: the default command (arguments of the entrypoint when there is one). */
  readonly cmd?: readonly string[];
  /** Environment variables set in the image. */
  readonly env?: Readonly<Record<string, string>>;
  /** Ports the image documents as listening, e.g. `[8080, "22000/udp"]`. */
  readonly exposedPorts?: readonly ExposedPort[];
  /** The user the command runs as: a name (see `fakeNss`) or `"uid[:gid]"`. */
  readonly user?: string;
  /** Working directory of the command (absolute). */
  readonly workingDir?: string;
  /** Paths declared as volumes (absolute). */
  readonly volumes?: readonly string[];
  /** OCI labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Layers the image is split into, 2 to 125 (Docker's limit). Default 100. */
  readonly maxLayers?: number;
  /** `dockerTools.fakeNss`: `/etc/passwd` and `/etc/group` with root and nobody, plus these users. */
  readonly fakeNss?: boolean | { readonly users: readonly ImageUser[] };
  /** `dockerTools.caCertificates`: the CA bundle at `/etc/ssl/certs`. */
  readonly caCertificates?: boolean;
  /** `dockerTools.binSh`: `/bin/sh`. */
  readonly binSh?: boolean;
  /** `dockerTools.usrBinEnv`: `/usr/bin/env`, for `#!/usr/bin/env` scripts. */
  readonly usrBinEnv?: boolean;
  /** Create a world-writable `/tmp` (most programs expect one). Default `true`. */
  readonly tmp?: boolean;
  /**
   * Build with `dockerTools.streamLayeredImage`: the package is a script that streams the archive
   * instead of the archive itself (nothing large in the store). On NixOS the container's service
   * pipes it into `podman load`; portable installs still take a built `<image>.tar.gz`.
   */
  readonly stream?: boolean;
  /**
   * A fully qualified registry reference used instead of the Nix build where there is no Nix:
   * `--target libvirt` runs this image, e.g. `"ghcr.io/me/devcontainer:1.0"`.
   */
  readonly registry?: string;
}

/**
 * A container image built with Nix (`dockerTools.buildLayeredImage`): becomes
 * `containers/<name>.nix` and the flake package `<name>`. Create it with `lab.image(...)`; give
 * the handle to a container.
 *
 * @example
 * const tools = myLab.image("tools", {
 *   tag: "1.0",
 *   packages: ["bashInteractive", "coreutils", "ripgrep"],
 *   cmd: ["bash"],
 *   fakeNss: { users: [{ name: "dev", uid: 1000 }] },
 * });
 */
export class Image extends Resource<"image"> {
  /** @internal Use `lab.image(...)`. */
  constructor(
    name: string,
    readonly props: ImageProps,
  ) {
    super("image", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props };
  }
}
