import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { deriveMac, deriveUuid, shortHash } from "./ids.js";
import { parseSubnet } from "./ip.js";
import { keptXml } from "./kept-xml.js";
import type { XmlElement } from "../syntax/xml/ast.js";

const lease = z.strictObject({ name: z.string().check(z.minLength(1)), mac: z.string(), ip: z.string() });

/** What the DSL hands over for a network. */
export const networkInput = z.strictObject({
  name: resourceName,
  mode: z._default(z.enum(["nat", "route", "isolated"]), "nat"),
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
});

/** A libvirt network, normalized: every id present, addresses worked out. */
export interface ModelNetwork {
  readonly name: string;
  readonly mode: "nat" | "route" | "isolated";
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
  readonly source: SourceLocation;
}

/**
 * Normalize a network: derive its UUID, MAC and bridge name unless given; the subnet's first address
 * is the gateway unless given. A subnet that does not parse is kept as written for the checks to report.
 */
export function normalizeNetwork(lab: string, input: z.output<typeof networkInput>, source: SourceLocation): ModelNetwork {
  const parsed = parseSubnet(input.subnet);
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
    source,
  };
}
