import { path, type PathLit } from "../../syntax/nix/ast.js";
import { dhcpReservations } from "../../model/leases.js";
import type { Model } from "../../model/model.js";
import { doc, printXml, type XmlElement } from "../../syntax/xml/index.js";
import { headerLines } from "../header.js";
import { definitionXml } from "../libvirt/definitions.js";
import type { GeneratedFiles } from "../output.js";
import { volumesByKey } from "./domains.js";

/**
 * Imported objects (with `libvirtXml`) are not rebuilt from NixVirt attributes, which cannot carry
 * arbitrary libvirt XML (NixVirt drops keys it does not know): their definition is the libvirt
 * XML file itself, next to the list that names it (NixVirt's module only needs a path to XML).
 * Paths relative to `nixvirt/`, named by resource name (a valid Nix path segment).
 */
export const keptXmlPaths = {
  network: (name: string) => `networks/${name}.xml`,
  pool: (name: string) => `pools/${name}.xml`,
  volume: (pool: string, name: string) => `volumes/${pool}/${name}.xml`,
  domain: (name: string) => `domains/${name}.xml`,
} as const;

/** `./networks/lab.xml`: the Nix path literal of a kept definition, from a `nixvirt/*.nix` file. */
export const keptXmlPath = (rel: string): PathLit => path(`./${rel}`);

/**
 * The XML files of every imported network, pool, volume and domain, under `dir` (`nixvirt/`, or a
 * host's `nixvirt/<host>/` in a fleet), next to the lists that name them.
 *
 * @example
 * keptXmlFiles(model) // Map { "nixvirt/domains/win11.xml" => "<!-- Generated ... -->\n<domain ..." }
 */
export function keptXmlFiles(model: Model, dir = "nixvirt"): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  const header = headerLines(model);
  const put = (rel: string, root: XmlElement): void => {
    files.set(`${dir}/${rel}`, printXml(doc(header, root)));
  };
  const leases = dhcpReservations(model);
  for (const network of model.networks) {
    if (network.libvirtXml.length > 0) put(keptXmlPaths.network(network.name), definitionXml.network(network, leases.get(network.name) ?? []));
  }
  for (const pool of model.pools) {
    if (pool.libvirtXml.length > 0) put(keptXmlPaths.pool(pool.name), definitionXml.pool(pool));
    for (const volume of pool.volumes) {
      if (volume.libvirtXml.length > 0) put(keptXmlPaths.volume(pool.name, volume.name), definitionXml.volume(pool, volume));
    }
  }
  const volumes = volumesByKey(model);
  for (const vm of model.vms) {
    if (vm.libvirtXml.length === 0) continue;
    const volume = vm.disk && volumes.get(`${vm.disk.pool}/${vm.disk.volume}`);
    put(keptXmlPaths.domain(vm.name), definitionXml.domain(vm, volume, model.lab.libvirt));
  }
  return files;
}
