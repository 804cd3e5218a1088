import type { Model } from "./model.js";

/** A DHCP host reservation: this MAC always gets this address. */
export interface Lease {
  readonly name: string;
  readonly mac: string;
  readonly ip: string;
}

/**
 * DHCP reservations per network: its explicit leases, then every VM NIC with a static address on
 * it (so a guest that asks DHCP still gets its address). Networks without DHCP get none.
 * One pass over all VMs: large labs stay linear.
 */
export function dhcpReservations(model: Pick<Model, "networks" | "vms">): Map<string, Lease[]> {
  const byNetwork = new Map(model.networks.filter((n) => n.dhcp).map((n) => [n.name, [...n.leases]]));
  for (const vm of model.vms) {
    for (const nic of vm.nics) {
      if (nic.ip !== undefined) byNetwork.get(nic.network)?.push({ name: vm.name.toLowerCase(), mac: nic.mac, ip: nic.ip });
    }
  }
  return byNetwork;
}
