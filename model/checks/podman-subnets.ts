import { problem, type Diagnostic } from "../diagnostic.js";
import { overlaps, parseSubnet, type Subnet } from "../ip.js";
import type { Model } from "../model.js";

/**
 * podman's own network `podman` takes 10.88.0.0/16 on every host (containers/common
 * pkg/config/default.go, `DefaultSubnet`); networks created without a subnet get one of their own
 * from its pool, so only declared subnets can clash.
 */
const PODMAN_DEFAULT: Subnet = parseSubnet("10.88.0.0/16")!;

/** The hosts (`""`: the lab declares none) whose containers use each podman network: where podman creates it. */
function podmanNetworkHosts(model: Model): Map<string, Set<string>> {
  const hosts = new Map<string, Set<string>>();
  for (const c of model.containers) for (const n of c.networks) hosts.set(n, (hosts.get(n) ?? new Set()).add(c.host ?? ""));
  return hosts;
}

const share = (a: ReadonlySet<string>, b: readonly string[]): string | undefined => b.find((h) => a.has(h));

/**
 * Podman network subnets that overlap podman's default network, each other or a libvirt network on
 * a host where both exist (both are routes on that host): it would route one of them to the wrong bridge.
 */
export function checkPodmanSubnets(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  const usedOn = podmanNetworkHosts(model);
  const libvirt = model.networks.flatMap((n) => {
    const subnet = parseSubnet(n.subnet);
    return subnet ? [{ name: n.name, subnet, hosts: n.hosts.length > 0 ? n.hosts : [""] }] : [];
  });
  const earlier: { name: string; subnet: Subnet; line: number; hosts: string[] }[] = [];
  for (const network of model.podmanNetworks) {
    const subnet = network.subnet === undefined ? undefined : parseSubnet(network.subnet);
    if (!subnet) continue;
    const hosts = usedOn.get(network.name) ?? new Set<string>();
    const at = (message: string) => found.push(problem("podman-network", network, `subnet ${subnet.cidr} overlaps ${message}`));
    const on = (host: string) => (host === "" ? "on the same host" : `on host ${host}`);
    if (overlaps(subnet, PODMAN_DEFAULT)) at(`podman's default network "podman" (${PODMAN_DEFAULT.cidr}), which every podman host has`);
    for (const other of earlier) {
      const host = share(hosts, other.hosts);
      if (host !== undefined && overlaps(subnet, other.subnet)) at(`podman network ${other.name}'s subnet ${other.subnet.cidr} (line ${other.line}) ${on(host)}`);
    }
    for (const other of libvirt) {
      const host = share(hosts, other.hosts);
      if (host !== undefined && overlaps(subnet, other.subnet)) at(`libvirt network ${other.name}'s subnet ${other.subnet.cidr} ${on(host)}`);
    }
    earlier.push({ name: network.name, subnet, line: network.source.line, hosts: [...hosts] });
  }
  return found;
}
