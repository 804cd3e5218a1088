import { app, attrs, bind, bool, id, int, list, sel, str, type Entry } from "../../syntax/nix/ast.js";
import { vlanInterface } from "../../model/checks/bridged-networks.js";
import type { ModelNetwork } from "../../model/network.js";

/**
 * The host side of bridged networks (nixpkgs `nixos/modules/tasks/network-interfaces.nix`): the
 * bridge, with the host's uplink, or a VLAN sub-interface `<uplink>.<vlan>` of it, as its member.
 * A VLAN bridge is a lab-only segment: the host takes no address on it, so its DHCP client is
 * turned off there (`networking.useDHCP` would ask on every interface). Without a VLAN the uplink
 * itself joins and the host's LAN address moves to the bridge, so DHCP stays as the host has it.
 * `host` unset: the lab declares no host and uplinks given once apply.
 *
 * @example
 * bridgeEntries(model.networks, "hv1"); // networking.bridges."br-lab".interfaces = [ "enp1s0.56" ]; ...
 */
export function bridgeEntries(networks: readonly ModelNetwork[], host: string | undefined): Entry[] {
  const entries: Entry[] = [];
  for (const n of networks.filter((x) => x.mode === "bridge")) {
    const uplink = host === undefined ? n.uplink : n.uplinks[host];
    const member = uplink === undefined ? undefined : n.vlan === undefined ? uplink : vlanInterface(uplink, n.vlan);
    entries.push(bind(["networking", "bridges", n.bridge, "interfaces"], list(member === undefined ? [] : [str(member)])));
    if (n.vlan !== undefined && uplink !== undefined) {
      entries.push(bind(["networking", "vlans", member!], attrs({ id: int(n.vlan), interface: str(uplink) })));
      entries.push(bind(["networking", "interfaces", n.bridge, "useDHCP"], app(sel(id("lib"), "mkDefault"), bool(false))));
    }
  }
  return entries;
}
