import type { PodmanSettings } from "./podman.js";
import { Resource } from "./resource.js";

/** Nix system double of a host. */
export type NixSystem = "x86_64-linux" | "aarch64-linux";

/** Options of a NixOS host that runs (part of) the lab. */
export interface HostProps {
  /** Default `"x86_64-linux"` (NixVirt supports only this). */
  readonly system?: NixSystem;
  /** nixpkgs branch the host follows, e.g. `"nixos-26.05"` (default). */
  readonly nixpkgs?: string;
  /**
   * Extra NixOS modules: paths relative to the topology file, e.g. the host's
   * `hardware-configuration.nix`. They must be inside the repository the generated flake lives in.
   */
  readonly modules?: readonly string[];
  /** Podman version target and container limits for the containers and jobs on this host. */
  readonly podman?: PodmanSettings;
}

/**
 * A NixOS machine running the lab: becomes `nixosConfigurations.<name>` in the generated flake.
 *
 * @example
 * myLab.host("hypervisor", { nixpkgs: "nixos-26.05", modules: ["./hosts/hypervisor.nix"] });
 */
export class Host extends Resource<"host"> {
  /** @internal Use `lab.host(...)`. */
  constructor(
    name: string,
    readonly props: HostProps,
  ) {
    super("host", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props };
  }
}
