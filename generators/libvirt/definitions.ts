import type { Lease } from "../../model/leases.js";
import type { LibvirtHostPaths } from "../../model/libvirt-host.js";
import type { ModelNetwork } from "../../model/network.js";
import type { ModelPool, ModelVolume } from "../../model/pool.js";
import type { ModelVm } from "../../model/vm.js";
import type { XmlElement } from "../../syntax/xml/index.js";
import { domainXml, type VmInstallMedia } from "./domain.js";
import { keptDomainXml } from "./kept-domain.js";
import { withKeptXml } from "./kept-xml.js";
import { networkXml } from "./network.js";
import { poolXml } from "./pool.js";
import { volumeXml } from "./volume.js";

/**
 * The libvirt definition of each kind of object, imported `libvirtXml` applied: what
 * `--target libvirt` writes, and what the NixOS target hands NixVirt as a file for imported objects.
 *
 * @example
 * definitionXml.network(net, leases) // <network>...</network>
 */
export const definitionXml = {
  network: (network: ModelNetwork, leases: readonly Lease[]): XmlElement => withKeptXml(networkXml(network, leases), network.libvirtXml),
  pool: (pool: ModelPool): XmlElement => withKeptXml(poolXml(pool), pool.libvirtXml),
  volume: (pool: ModelPool, volume: ModelVolume): XmlElement => withKeptXml(volumeXml(pool, volume), volume.libvirtXml),
  domain: (vm: ModelVm, volume: ModelVolume | undefined, paths: LibvirtHostPaths, media?: VmInstallMedia): XmlElement =>
    vm.libvirtXml.length > 0 ? keptDomainXml(vm, volume) : domainXml(vm, volume, paths, media),
};
