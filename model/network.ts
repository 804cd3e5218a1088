import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { deriveMac, deriveUuid, shortHash } from "./ids.js";
import { parseSubnet } from "./ip.js";
import { keptXml } from "./kept-xml.js";
import type { XmlElement } from "../syntax/xml/ast.js";
import { defaultHost } from "./placement.js";

/** A Linux interface name as the DSL hands it over (the length limit is reported by the bridge checks). */
const interfaceName = z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, "interface names are letters, digits, '_', '.' and '-'"));

const lease = z.strictObject({ name: z.string().check(z.minLength(1)), mac: z.string(), ip: z.string() });

/** What the DSL hands over for a network. */
export const networkInput = z.strictObject({
  name: resourceName,
  mode: z._default(z.enum(["nat", "route", "isolated", "bridge"]), "nat"),
  subnet: z.string(),
  gateway: z.optional(z.string()),
  bridge: z.optional(z.string()),
  dhcp: z.optional(z.strictObject({ start: z.string(), end: z.string() })),
  leases: z._default(z.array(lease), []),
  domain: z.optional(z.string()),
  uuid: z.optional(z.string()),
  mac: z.optional(z.string()),
  active: z._default(z.boolean(), true),
  libvirtXml: keptXml,
  host: z.optional(z.string()),
  vlan: z.optional(z.number().check(z.int("vlan must be a whole number"), z.gte(1, "vlan must be 1 to 4094"), z.lte(4094, "vlan must be 1 to 4094"))),
  uplink: z.optional(z.union([interfaceName, z.record(z.string(), interfaceName)])),
}).check(
  z.superRefine((n, ctx) => {
    const misplaced = (option: string, message: string) => ctx.addIssue({ code: "custom", path: [option], message });
    if (n.mode !== "bridge") {
      for (const option of ["vlan", "uplink"] as const) {
        if (n[option] !== undefined) misplaced(option, `applies to bridged networks only (mode: "bridge"); this one is ${n.mode}`);
      }
      return;
    }
    // libvirt leaves a bridged network's addressing to the LAN and refuses <ip>, <mac> and <domain> on one.
    if (n.dhcp) misplaced("dhcp", "libvirt runs no DHCP server on a bridged network: the LAN's DHCP server serves it");
    if (n.leases.length > 0) {
      misplaced("leases", "static IPs on a bridged network are not DHCP leases of libvirt: set them inside the guests (a NIC's `ip` is only checked for clashes)");
    }
    if (n.domain !== undefined) misplaced("domain", "libvirt serves no DNS on a bridged network");
    if (n.mac !== undefined) misplaced("mac", "the bridge of a bridged network belongs to the host, not libvirt: its MAC is not set here");
  }),
);

/** A libvirt network, normalized: every id present, addresses worked out. */
export interface ModelNetwork {
  readonly name: string;
  readonly mode: "nat" | "route" | "isolated" | "bridge";
  /** Normalized CIDR, e.g. `192.168.56.0/24`. */
  readonly subnet: string;
  readonly prefix: number;
  readonly netmask: string;
  /** The host's address on the network. */
  readonly gateway: string;
  readonly bridge: string;
  readonly dhcp?: { readonly start: string; readonly end: string };
  /** Explicit leases (VMs' static addresses are added by `dhcpReservations`). */
  readonly leases: readonly { readonly name: string; readonly mac: string; readonly ip: string }[];
  readonly domain?: string;
  readonly uuid: string;
  readonly mac: string;
  readonly active: boolean;
  /** Imported libvirt XML elements that replace or extend the generated ones. */
  readonly libvirtXml: readonly XmlElement[];
  /** The host a `nat`, `route` or `isolated` network lives on (unset when the lab declares none). */
  readonly host?: string;
  /**
   * Hosts the network is defined on: its `host`, or for a bridged network every host named in
   * `uplink` or running a VM with a NIC on it, in host declaration order (unknown names last).
   */
  readonly hosts: readonly string[];
  /** `bridge` mode: the VLAN tagged on the uplinks. */
  readonly vlan?: number;
  /** `bridge` mode: each spanned host's uplink interface, by host name (hosts without one absent). */
  readonly uplinks: Readonly<Record<string, string>>;
  /** The uplink of the declaration when one name was given for every host. */
  readonly uplink?: string;
  readonly source: SourceLocation;
}

/**
 * Normalize a network: derive its UUID, MAC and bridge name unless given; the subnet's first address
 * is the gateway unless given. A subnet that does not parse is kept as written for the checks to report.
 */
export function normalizeNetwork(lab: string, input: z.output<typeof networkInput>, hosts: readonly { name: string }[], source: SourceLocation): ModelNetwork {
  const parsed = parseSubnet(input.subnet);
  const host = input.host ?? (input.mode === "bridge" ? undefined : defaultHost(hosts));
  return {
    name: input.name,
    mode: input.mode,
    subnet: parsed?.cidr ?? input.subnet,
    prefix: parsed?.prefix ?? 0,
    netmask: parsed?.netmask ?? "",
    gateway: input.gateway ?? parsed?.firstHost ?? "",
    bridge: input.bridge ?? `hl-${shortHash(lab, "network", input.name)}`,
    ...(input.dhcp && { dhcp: input.dhcp }),
    leases: input.leases,
    ...(input.domain !== undefined && { domain: input.domain }),
    uuid: input.uuid ?? deriveUuid(lab, "network", input.name),
    mac: input.mac ?? deriveMac(lab, "network", input.name),
    active: input.active,
    libvirtXml: input.libvirtXml,
    ...(host !== undefined && { host }),
    hosts: host === undefined ? [] : [host],
    ...(input.vlan !== undefined && { vlan: input.vlan }),
    uplinks: typeof input.uplink === "object" ? input.uplink : {},
    ...(typeof input.uplink === "string" && { uplink: input.uplink }),
    source,
  };
}

/**
 * Where a bridged network is defined: the hosts its `uplink` names, the hosts of the VMs plugged
 * into it, or the lab's only host; an uplink given once applies to each of them.
 */
export function spanBridge(network: ModelNetwork, hosts: readonly { name: string }[], vms: readonly { host?: string; nics: readonly { network: string }[] }[]): ModelNetwork {
  if (network.mode !== "bridge" || network.host !== undefined) return network;
  const named = new Set([...Object.keys(network.uplinks), ...vms.filter((vm) => vm.host !== undefined && vm.nics.some((n) => n.network === network.name)).map((vm) => vm.host!)]);
  const only = defaultHost(hosts);
  if (named.size === 0 && only !== undefined) named.add(only);
  const order = new Map(hosts.map((h, i) => [h.name, i]));
  const spanned = [...named].sort((a, b) => (order.get(a) ?? hosts.length) - (order.get(b) ?? hosts.length) || (a < b ? -1 : a > b ? 1 : 0));
  const uplinks = network.uplink === undefined ? network.uplinks : Object.fromEntries(spanned.map((h) => [h, network.uplink!]));
  return { ...network, hosts: spanned, uplinks };
}
