import { problem, type Diagnostic } from "../diagnostic.js";
import { overlaps, parseSubnet, type Subnet } from "../ip.js";
import type { Model } from "../model.js";

/**
 * podman's own network `podman` takes 10.88.0.0/16 on every host (containers/common
 * pkg/config/default.go, `DefaultSubnet`); networks created without a subnet get one of their own
 * from its pool, so only declared subnets can clash.
 */
const PODMAN_DEFAULT: Subnet = parseSubnet("10.88.0.0/16")!;

/**
 * Podman network subnets that overlap each other, a libvirt network of the lab (both are routes
 * on the host that runs them), or podman's default network: the host would route one of them
 * to the wrong bridge.
 */
export function checkPodmanSubnets(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  const libvirt = model.networks.flatMap((n) => {
    const subnet = parseSubnet(n.subnet);
    return subnet ? [{ name: n.name, subnet }] : [];
  });
  const earlier: { name: string; subnet: Subnet; line: number }[] = [];
  for (const network of model.podmanNetworks) {
    const subnet = network.subnet === undefined ? undefined : parseSubnet(network.subnet);
    if (!subnet) continue;
    const at = (message: string) => found.push(problem("podman-network", network, `subnet ${subnet.cidr} overlaps ${message}`));
    if (overlaps(subnet, PODMAN_DEFAULT)) at(`podman's default network "podman" (${PODMAN_DEFAULT.cidr}), which every podman host has`);
    for (const other of earlier) if (overlaps(subnet, other.subnet)) at(`podman network ${other.name}'s subnet ${other.subnet.cidr} (line ${other.line})`);
    for (const other of libvirt) if (overlaps(subnet, other.subnet)) at(`libvirt network ${other.name}'s subnet ${other.subnet.cidr} on the same host`);
    earlier.push({ name: network.name, subnet, line: network.source.line });
  }
  return found;
}
