import { Resource } from "./resource.js";

/**
 * Options of a podman network.
 *
 * @example
 * { subnet: "10.89.1.0/24", gateway: "10.89.1.1", internal: true }
 */
export interface PodmanNetworkProps {
  /** IPv4 subnet in CIDR notation; podman picks a free one when omitted. */
  readonly subnet?: string;
  /** Gateway address inside `subnet`. */
  readonly gateway?: string;
  /** No route to the outside. Default `false`. */
  readonly internal?: boolean;
  /** Turn off podman's DNS server that resolves container names. Default `false`. */
  readonly disableDns?: boolean;
  /** Network labels. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A podman network (a Quadlet `.network` unit). Create it with `lab.podmanNetwork(...)`; attach
 * containers with `networks: [net]`. Like volumes, it exists once per user whose containers use it.
 *
 * @example
 * const backend = myLab.podmanNetwork("backend", { subnet: "10.89.1.0/24", internal: true });
 */
export class PodmanNetwork extends Resource<"podman-network"> {
  /** @internal Use `lab.podmanNetwork(...)`. */
  constructor(
    name: string,
    readonly props: PodmanNetworkProps,
  ) {
    super("podman-network", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props };
  }
}
