import type { Host } from "./host.js";
import { Resource, refName } from "./resource.js";

/**
 * How a libvirt network reaches the outside: NAT'd, routed, not at all, or `"bridge"`: guests sit
 * on a host bridge (created by the generated NixOS configuration) together with the uplink's LAN,
 * so VMs on different hosts share one subnet.
 */
export type NetworkMode = "nat" | "route" | "isolated" | "bridge";

/** A fixed DHCP lease: the guest with this MAC always gets this address. */
export interface StaticLease {
  /** Host name handed to the guest. */
  readonly name: string;
  /** MAC address, `52:54:00:xx:xx:xx`. */
  readonly mac: string;
  /** IPv4 address inside the network's subnet, outside its DHCP range. */
  readonly ip: string;
}

/** Options of a libvirt network. */
export interface NetworkProps {
  /** `"nat"` (default), `"route"`, `"isolated"` or `"bridge"`. */
  readonly mode?: NetworkMode;
  /** IPv4 subnet in CIDR notation, e.g. `"192.168.56.0/24"`. */
  readonly subnet: string;
  /** Host address of the network; defaults to the first address of the subnet (`.1`). */
  readonly gateway?: string;
  /** Linux bridge name (at most 15 characters); derived from the network's name when omitted. */
  readonly bridge?: string;
  /** DHCP range; no DHCP server when omitted. */
  readonly dhcp?: { readonly start: string; readonly end: string };
  /** Extra fixed leases; VMs' static NIC addresses are added automatically. */
  readonly leases?: readonly StaticLease[];
  /** DNS domain served to guests, e.g. `"lab.internal"`. */
  readonly domain?: string;
  /** UUID; derived from the lab and network name when omitted. */
  readonly uuid?: string;
  /** MAC of the bridge; derived when omitted (NixVirt needs it fixed to avoid restarts). */
  readonly mac?: string;
  /** Start the network on switch (default `true`). */
  readonly active?: boolean;
  /**
   * The host the network lives on (`nat`, `route`, `isolated`); may be omitted when the lab
   * declares at most one host. A bridged network spans every host named in `uplink` or running a
   * VM on it.
   */
  readonly host?: Host;
  /** `"bridge"` mode: 802.1Q VLAN id (1-4094) tagged on the uplink; a sub-interface `<uplink>.<vlan>` joins the bridge. */
  readonly vlan?: number;
  /**
   * `"bridge"` mode: the host's physical interface the bridge reaches the LAN through, one for all
   * hosts or one per host name. Without `vlan` the interface itself joins the bridge (and loses
   * its own address to it).
   */
  readonly uplink?: string | Readonly<Record<string, string>>;
  /**
   * libvirt XML elements kept as `homelab-gen import` read them, for what the typed options do not
   * cover (one top-level element per string). An element named like one the generator writes
   * replaces it; the others are added. Written as they are by both targets (the NixOS target then
   * hands NixVirt the XML file instead of building it from attributes).
   *
   * @example
   * { libvirtXml: [`<dns><host ip="192.168.56.5"><hostname>nas</hostname></host></dns>`] }
   */
  readonly libvirtXml?: readonly string[];
}

/**
 * A libvirt virtual network. Create it with `lab.network(...)`; pass the handle to a VM's NIC.
 *
 * @example
 * const labNet = myLab.network("lab-net", {
 *   subnet: "192.168.56.0/24",
 *   bridge: "virbr56",
 *   dhcp: { start: "192.168.56.100", end: "192.168.56.200" },
 * });
 * const shared = myLab.network("lab", { mode: "bridge", bridge: "br-lab", vlan: 56, uplink: { hv1: "enp1s0", hv2: "eno1" }, subnet: "192.168.56.0/24" });
 */
export class Network extends Resource<"network"> {
  /** @internal Use `lab.network(...)`. */
  constructor(
    name: string,
    readonly props: NetworkProps,
  ) {
    super("network", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props, host: refName(this.props.host) };
  }
}
