import type { Lease } from "../../model/leases.js";
import type { ModelNetwork } from "../../model/network.js";
import { el, onOff, yesNo, type XmlElement } from "../../syntax/xml/index.js";

/**
 * A libvirt network definition (`virsh net-define`): the same network NixVirt's `network.writeXML`
 * gets from `generators/nixvirt/networks.ts`: name, UUID, forward mode (none when isolated), bridge
 * with STP, fixed bridge MAC, optional local DNS domain, gateway address and netmask, DHCP range
 * and host reservations. A bridged network is only its name, UUID, forward mode and the host's bridge.
 *
 * @example
 * networkXml(model.networks[0], dhcpReservations(model).get("lab-net") ?? [])
 */
export function networkXml(network: ModelNetwork, leases: readonly Lease[]): XmlElement {
  // libvirt refuses <ip>, <mac>, <domain> and bridge stp/delay on a bridged network: the host owns the bridge.
  if (network.mode === "bridge") {
    return el("network", {}, [el("name", {}, [network.name]), el("uuid", {}, [network.uuid]), el("forward", { mode: "bridge" }), el("bridge", { name: network.bridge })]);
  }
  return el("network", {}, [
    el("name", {}, [network.name]),
    el("uuid", {}, [network.uuid]),
    network.mode !== "isolated" && el("forward", { mode: network.mode }),
    el("bridge", { name: network.bridge, stp: onOff(true), delay: 0 }),
    el("mac", { address: network.mac }),
    network.domain !== undefined && el("domain", { name: network.domain, localOnly: yesNo(true) }),
    el("ip", { address: network.gateway, netmask: network.netmask }, [
      network.dhcp &&
        el("dhcp", {}, [
          el("range", { start: network.dhcp.start, end: network.dhcp.end }),
          ...leases.map((l) => el("host", { mac: l.mac, name: l.name, ip: l.ip })),
        ]),
    ]),
  ]);
}
