import ipaddr from "ipaddr.js";
import { networkXml } from "../../generators/libvirt/network.js";
import { inRange } from "../../model/ip.js";
import { networkInput, normalizeNetwork as modelNetwork } from "../../model/network.js";
import { printElement, type XmlElement } from "../../syntax/xml/index.js";
import type { ImportedNetwork, NotImported } from "../declarations.js";
import { describe, keptDifferences } from "./kept-diff.js";
import { normalizeNetwork } from "./normalize.js";
import { attr, child, children, text, uuidOf } from "./xml-access.js";

const MODES: Readonly<Record<string, ImportedNetwork["props"]["mode"]>> = { nat: "nat", route: "route" };
const NO_SOURCE = { file: "<import>", line: 0, column: 0 };

/** The first IPv4 `<ip>` with a netmask or prefix, as subnet and gateway. */
function ipv4(network: XmlElement): { element: XmlElement; subnet: string; gateway: string } | undefined {
  for (const ip of children(network, "ip")) {
    const address = attr(ip, "address");
    if ((attr(ip, "family") ?? "ipv4") !== "ipv4" || address === undefined || !ipaddr.IPv4.isValidFourPartDecimal(address)) continue;
    const netmask = attr(ip, "netmask");
    const prefix = attr(ip, "prefix") ?? (netmask !== undefined && ipaddr.IPv4.isValidFourPartDecimal(netmask) ? String(ipaddr.IPv4.parse(netmask).prefixLengthFromSubnetMask()) : undefined);
    if (prefix === undefined || prefix === "null") continue;
    const network4 = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString();
    return { element: ip, subnet: `${network4}/${prefix}`, gateway: address };
  }
  return undefined;
}

/** A network on a host bridge, as a `"bridge"` network on the LAN `lanSubnet`. */
function readBridged(xml: XmlElement, name: string, lanSubnet: string | undefined): ImportedNetwork | NotImported {
  if (lanSubnet === undefined) {
    return { kind: "network", name, why: 'it joins a host bridge; give its LAN\'s subnet (import --lan-subnet CIDR) to import it as mode "bridge"', xml: printElement(xml) };
  }
  const uuid = uuidOf(xml);
  const props: ImportedNetwork["props"] = { mode: "bridge", subnet: lanSubnet, bridge: attr(child(xml, "bridge"), "name")!, ...(uuid !== undefined && { uuid }) };
  const parsed = networkInput.safeParse({ name, ...props });
  if (!parsed.success) return { kind: "network", name, why: parsed.error.issues.map((i) => i.message).join("; "), xml: printElement(xml) };
  const generated = networkXml(modelNetwork("import", parsed.data, [], NO_SOURCE), []);
  return { name, props, kept: keptDifferences(xml, generated, normalizeNetwork, new Set(["name"])) };
}

/**
 * A libvirt network as a DSL network: name, UUID, mode, bridge, MAC, local DNS domain, the first
 * IPv4 subnet with its DHCP range and named reservations; every other element kept as XML. A
 * network on a host bridge (`forward mode='bridge'` with a `<bridge name>`) becomes a `"bridge"`
 * network when `lanSubnet` says which LAN the bridge joins (libvirt does not know it). A network
 * the DSL cannot declare (no IPv4 subnet, another forward mode) is returned as not imported.
 *
 * @example
 * readNetwork(parseXml(await readFile("default.xml", "utf8")))
 */
export function readNetwork(xml: XmlElement, lanSubnet?: string): ImportedNetwork | NotImported {
  const name = text(child(xml, "name")) ?? "";
  // `connections` is a running network's count of attached NICs, which libvirt does not read (see
  // normalize.ts); the other attributes of <network> (ipv6, trustGuestRxFilters) have no DSL option.
  const settings = xml.attrs.filter(([k]) => k !== "connections" && k !== "xmlns" && !k.startsWith("xmlns:"));
  if (settings.length > 0) {
    return { kind: "network", name, why: `${settings.map(([k, v]) => `${k}='${v}'`).join(" ")} on <network> is not a DSL option`, xml: printElement(xml) };
  }
  const forward = child(xml, "forward");
  if (attr(forward, "mode") === "bridge" && attr(child(xml, "bridge"), "name") !== undefined) return readBridged(xml, name, lanSubnet);
  const forwardMode = forward === undefined ? "isolated" : MODES[attr(forward, "mode") ?? "nat"];
  const ip = ipv4(xml);
  const why =
    forwardMode === undefined
      ? `forward mode ${attr(forward, "mode")} is not a mode the DSL has (nat, route, isolated)`
      : ip === undefined
        ? "it has no IPv4 subnet, which a DSL network needs"
        : undefined;
  if (why !== undefined) return { kind: "network", name, why, xml: printElement(xml) };

  const dhcp = child(ip!.element, "dhcp");
  const range = child(dhcp, "range");
  const hosts = children(dhcp, "host").map((h) => ({ name: attr(h, "name"), mac: attr(h, "mac"), ip: attr(h, "ip") }));
  const [start, end] = [attr(range, "start"), attr(range, "end")];
  // The DSL's reservations have a name, a MAC and an address outside the DHCP range, and its
  // gateway is outside the range too (model checks; libvirt takes either, and the networks
  // vagrant-libvirt creates start their range at the subnet's first address, their gateway's:
  // create_networks.rb). When the <ip> is not like that, it is kept as XML whole, and its range
  // and reservations are not typed.
  const gatewayInRange = start !== undefined && end !== undefined && inRange(ip!.gateway, start, end);
  const typeable = hosts.every((h) => h.name !== undefined && h.mac !== undefined && h.ip !== undefined && !(start && end && inRange(h.ip, start, end)));
  const leases = typeable && !gatewayInRange ? hosts.map((h) => ({ name: h.name!, mac: h.mac!, ip: h.ip! })) : [];
  const ipWhy = gatewayInRange
    ? `its DHCP range ${start}-${end} holds the gateway ${ip!.gateway}, which a DSL network cannot have`
    : typeable
      ? undefined
      : "a DHCP reservation lacks a name, MAC or address, or is inside the DHCP range, which a DSL reservation cannot be";
  const domain = child(xml, "domain");
  const props: ImportedNetwork["props"] = {
    mode: forwardMode!,
    subnet: ip!.subnet,
    gateway: ip!.gateway,
    ...(attr(child(xml, "bridge"), "name") !== undefined && { bridge: attr(child(xml, "bridge"), "name")! }),
    ...(start && end && !gatewayInRange && { dhcp: { start, end } }),
    ...(leases.length > 0 && { leases }),
    ...(domain && attr(domain, "localOnly") === "yes" && { domain: attr(domain, "name")! }),
    ...(uuidOf(xml) !== undefined && { uuid: uuidOf(xml)! }),
    ...(attr(child(xml, "mac"), "address") !== undefined && { mac: attr(child(xml, "mac"), "address")! }),
  };
  const parsed = networkInput.safeParse({ name, ...props });
  if (!parsed.success) return { kind: "network", name, why: parsed.error.issues.map((i) => i.message).join("; "), xml: printElement(xml) };
  const generated = networkXml(modelNetwork("import", parsed.data, [], NO_SOURCE), leases);
  const kept = keptDifferences(xml, generated, normalizeNetwork, new Set(["name"]));
  return { name, props, kept: kept.map((k) => (ipWhy !== undefined && k.what === describe(ip!.element) ? { ...k, why: ipWhy } : k)) };
}
