import { problem, type Diagnostic } from "../diagnostic.js";
import { isMac } from "../ids.js";
import { compareIp, inRange, inSubnet, isIpv4, overlaps, paddingNote, parseSubnet, type Subnet } from "../ip.js";
import type { Model } from "../model.js";
import type { ModelNetwork } from "../network.js";

/** A static address a guest uses: from a VM's NIC or an explicit lease. */
interface StaticAddress {
  readonly ip: string;
  readonly kind: string;
  readonly at: { name: string; source: ModelNetwork["source"] };
  readonly label: string;
}

/** Where a static address may not be: outside the subnet, on the gateway, inside the DHCP range. */
function checkAddress(network: ModelNetwork, subnet: Subnet, a: StaticAddress): string | undefined {
  if (!isIpv4(a.ip)) return `${a.label} "${a.ip}" is not an IPv4 address${paddingNote(a.ip)}`;
  if (!inSubnet(a.ip, subnet)) return `${a.label} ${a.ip} is outside network ${network.name}'s subnet ${subnet.cidr}`;
  if (a.ip === network.gateway) return `${a.label} ${a.ip} is the gateway of network ${network.name}`;
  if (network.dhcp && inRange(a.ip, network.dhcp.start, network.dhcp.end)) {
    return `${a.label} ${a.ip} is inside the DHCP range ${network.dhcp.start}-${network.dhcp.end} of network ${network.name}`;
  }
  return undefined;
}

/** One network's own addresses: subnet, gateway, DHCP range, leases. */
function checkNetwork(network: ModelNetwork, subnet: Subnet | undefined): Diagnostic[] {
  const at = (message: string) => problem("network", network, message);
  if (!subnet) return [at(`subnet "${network.subnet}" is not an IPv4 CIDR such as 192.168.56.0/24 (prefix 1 to 30)${paddingNote(network.subnet)}`)];
  const found: Diagnostic[] = [];
  if (!inSubnet(network.gateway, subnet)) found.push(at(`gateway ${network.gateway} is not a host address of ${subnet.cidr}${paddingNote(network.gateway)}`));
  const { dhcp } = network;
  if (dhcp) {
    for (const [label, ip] of [["start", dhcp.start], ["end", dhcp.end]] as const) {
      if (!inSubnet(ip, subnet)) found.push(at(`DHCP range ${label} ${ip} is outside ${subnet.cidr}${paddingNote(ip)}`));
    }
    if (isIpv4(dhcp.start) && isIpv4(dhcp.end) && compareIp(dhcp.start, dhcp.end) > 0) {
      found.push(at(`DHCP range starts (${dhcp.start}) after it ends (${dhcp.end})`));
    }
    if (isIpv4(network.gateway) && inRange(network.gateway, dhcp.start, dhcp.end)) {
      found.push(at(`gateway ${network.gateway} is inside the DHCP range ${dhcp.start}-${dhcp.end}`));
    }
  }
  for (const lease of network.leases) {
    if (!isMac(lease.mac)) found.push(at(`lease ${lease.name}: invalid MAC address "${lease.mac}"`));
  }
  if (network.domain !== undefined && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(network.domain)) {
    found.push(at(`DNS domain "${network.domain}" is not a valid domain name`));
  }
  return found;
}

/**
 * Whether two networks' subnets must not overlap: they are on one host (or the lab declares none),
 * or one is bridged, a LAN subnet every host of the fleet may route to. NAT networks of different
 * hosts are private to their host and may reuse a subnet.
 */
const meet = (a: ModelNetwork, b: ModelNetwork): boolean =>
  a.mode === "bridge" || b.mode === "bridge" || a.hosts.length === 0 || b.hosts.length === 0 || a.hosts.some((h) => b.hosts.includes(h));

/** Subnets, gateways, DHCP ranges, static addresses and overlaps between networks. */
export function checkAddressing(model: Model): Diagnostic[] {
  const subnets = new Map(model.networks.map((n) => [n.name, parseSubnet(n.subnet)]));
  const found = model.networks.flatMap((n) => checkNetwork(n, subnets.get(n.name)));

  model.networks.forEach((a, i) => {
    for (const b of model.networks.slice(0, i)) {
      const sa = subnets.get(a.name);
      const sb = subnets.get(b.name);
      if (sa && sb && a.name !== b.name && meet(a, b) && overlaps(sa, sb)) {
        found.push(problem("network", a, `subnet ${sa.cidr} overlaps network ${b.name}'s subnet ${sb.cidr}`));
      }
    }
  });

  const byNetwork = new Map<string, StaticAddress[]>();
  for (const network of model.networks) {
    byNetwork.set(network.name, network.leases.map((l) => ({ ip: l.ip, kind: "network", at: network, label: `lease ${l.name}` })));
  }
  for (const vm of model.vms) {
    vm.nics.forEach((nic, i) => {
      const list = byNetwork.get(nic.network);
      if (!list) {
        found.push(problem("vm", vm, `NIC ${i + 1} is on network "${nic.network}", which is not declared`));
      } else if (nic.ip !== undefined) {
        list.push({ ip: nic.ip, kind: "vm", at: vm, label: `static IP of NIC ${i + 1}` });
      }
      if (!isMac(nic.mac)) found.push(problem("vm", vm, `NIC ${i + 1}: invalid MAC address "${nic.mac}"`));
    });
  }
  for (const network of model.networks) {
    const subnet = subnets.get(network.name);
    const seen = new Map<string, StaticAddress>();
    for (const address of byNetwork.get(network.name) ?? []) {
      const message = subnet && checkAddress(network, subnet, address);
      if (message) found.push(problem(address.kind, address.at, message));
      const earlier = seen.get(address.ip);
      if (earlier) found.push(problem(address.kind, address.at, `${address.label} ${address.ip} is already used by ${earlier.kind} ${earlier.at.name} on network ${network.name}`));
      else seen.set(address.ip, address);
    }
  }
  return found;
}
