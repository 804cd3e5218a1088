import { attrs, app, bool, fromJson, id, sel, type JsonLike } from "../../syntax/nix/ast.js";
import { dhcpReservations, type Lease } from "../../model/leases.js";
import type { Model } from "../../model/model.js";
import type { ModelNetwork } from "../../model/network.js";
import { keptXmlPath, keptXmlPaths } from "./kept-files.js";
import { nixvirtListFile } from "./module-file.js";

/** The libvirt network as NixVirt's `network.writeXML` attribute set. */
export function networkDefinition(network: ModelNetwork, leases: readonly Lease[]): JsonLike {
  // A bridged network is the host's bridge (generated NixOS networking); libvirt refuses ip, mac, domain and stp on it.
  if (network.mode === "bridge") return { name: network.name, uuid: network.uuid, forward: { mode: "bridge" }, bridge: { name: network.bridge } };
  return {
    name: network.name,
    uuid: network.uuid,
    forward: network.mode === "isolated" ? undefined : { mode: network.mode },
    bridge: { name: network.bridge, stp: true, delay: 0 },
    mac: { address: network.mac },
    domain: network.domain === undefined ? undefined : { name: network.domain, localOnly: true },
    ip: {
      address: network.gateway,
      netmask: network.netmask,
      dhcp: network.dhcp && {
        range: { start: network.dhcp.start, end: network.dhcp.end },
        host: leases.length === 0 ? undefined : leases.map((l) => ({ mac: l.mac, name: l.name, ip: l.ip })),
      },
    },
  };
}

/** `nixvirt/networks.nix`. */
export function networksFile(model: Model): string {
  const reservations = dhcpReservations(model);
  return nixvirtListFile(
    model,
    model.networks.map((network) =>
      attrs({
        definition:
          network.libvirtXml.length > 0
            ? keptXmlPath(keptXmlPaths.network(network.name))
            : app(sel(id("nixvirt"), "lib", "network", "writeXML"), fromJson(networkDefinition(network, reservations.get(network.name) ?? []))),
        active: bool(network.active),
      }),
    ),
  );
}
