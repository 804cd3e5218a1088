import type { HostKey } from "./host-key.js";
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
  /**
   * Podman version target and container limits for the containers and jobs on this host; `false`:
   * the host runs no containers (placing one there is an error).
   */
  readonly podman?: PodmanSettings | false;
  /** `false`: the host runs no libvirt (placing a VM, network or pool there is an error). Default `true`. */
  readonly libvirt?: boolean;
  /**
   * Where deploys reach the host over SSH: `"address"`, `"user@address"`, `"user@address:port"`
   * (an IPv6 address in brackets: `"root@[fd00::11]:2222"`). Default: the host's name, with the
   * engine's default user (root).
   */
  readonly targetHost?: string;
  /** Labels to select hosts by in `deploy --on @tag`. */
  readonly tags?: readonly string[];
  /** Build the system on the host itself instead of on the deploying machine and copying it. Default `false`. */
  readonly buildOnTarget?: boolean;
  /**
   * Secret files uploaded at deploy time (Colmena `deployment.keys`), by file name: the file lands
   * at `<destDir>/<name>`, `/run/keys/<name>` by default.
   */
  readonly keys?: Readonly<Record<string, HostKey>>;
}

/**
 * A NixOS machine running the lab: becomes `nixosConfigurations.<name>` in the generated flake.
 * With several hosts, VMs, networks, pools, containers and jobs say which host runs them (`host:`).
 *
 * @example
 * myLab.host("hypervisor", { nixpkgs: "nixos-26.05", modules: ["./hosts/hypervisor.nix"] });
 * myLab.host("hv2", { targetHost: "root@10.0.0.12", tags: ["hypervisor"] });
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
