import { posix } from "node:path";
import { dhcpReservations } from "../../model/leases.js";
import { problem, TopologyError } from "../../model/diagnostic.js";
import type { Model } from "../../model/model.js";
import type { ModelPool, ModelVolume } from "../../model/pool.js";
import { doc, printXml, type XmlElement } from "../../syntax/xml/index.js";
import { headerLines } from "../header.js";
import type { GeneratedFiles } from "../output.js";
import { applyScript, type ApplyPlan } from "./apply-script.js";
import { ASSEMBLE_SCRIPT, hasSeed, installMedium, qemuGroup, SEEDS_DIR, seedIsoDir, seedIsoPath } from "../unattended/media.js";
import { definitionXml } from "./definitions.js";

/** The folder of the libvirt target inside the output folder. */
export const LIBVIRT_DIR = "libvirt";

/** Where each definition goes, relative to {@link LIBVIRT_DIR} (and so to `apply.sh`). */
export const libvirtPaths = {
  network: (name: string) => `networks/${name}.xml`,
  pool: (name: string) => `pools/${name}.xml`,
  volume: (pool: string, fileName: string) => `volumes/${pool}/${fileName}.xml`,
  domain: (name: string) => `domains/${name}.xml`,
  script: "apply.sh",
} as const;

/** The generated-file header of the target for hosts without Nix. */
export const libvirtHeader = (model: Model): string[] => [...headerLines(model, { portable: true }), "Target: plain libvirt for hosts without Nix."];

/** A pool's volumes with every backing volume before the volumes that use it. */
export function volumesInCreationOrder(pool: ModelPool): ModelVolume[] {
  const byName = new Map(pool.volumes.map((v) => [v.name, v]));
  const done = new Set<string>();
  const ordered: ModelVolume[] = [];
  const visit = (v: ModelVolume, path: Set<string>): void => {
    if (done.has(v.name) || path.has(v.name)) return; // a cycle is reported by the model checks
    path.add(v.name);
    const backing = v.backing === undefined ? undefined : byName.get(v.backing);
    if (backing) visit(backing, path);
    done.add(v.name);
    ordered.push(v);
  };
  for (const v of pool.volumes) visit(v, new Set());
  return ordered;
}

/**
 * The libvirt target: one XML file per network, pool, volume and domain, and `apply.sh`, which
 * defines them with virsh, all under `dir` (`libvirt/`); nothing for a lab without any of them. Throws a {@link TopologyError} for VMs with `raw`
 * attributes: those are NixVirt attribute sets, which have no faithful plain-XML reading here.
 *
 * @example
 * const files = libvirtFiles(model); // "libvirt/apply.sh", "libvirt/domains/DC01.xml", ...
 */
export function libvirtFiles(model: Model, dir: string = LIBVIRT_DIR, seedsDir: string = SEEDS_DIR): GeneratedFiles {
  const withRaw = model.vms.filter((vm) => Object.keys(vm.raw).length > 0);
  if (withRaw.length > 0) {
    throw new TopologyError(
      withRaw.map((vm) =>
        problem("vm", vm, "`raw` holds NixVirt attributes, which --target libvirt cannot apply; remove it or use the NixOS target"),
      ),
    );
  }
  const files: GeneratedFiles = new Map();
  // A lab without networks, pools and VMs (containers only) needs no libvirt and no virsh.
  if (model.networks.length + model.pools.length + model.vms.length === 0) return files;
  const header = libvirtHeader(model);
  const put = (rel: string, root: XmlElement): void => {
    files.set(`${dir}/${rel}`, printXml(doc(header, root)));
  };

  const leases = dhcpReservations(model);
  for (const network of model.networks) put(libvirtPaths.network(network.name), definitionXml.network(network, leases.get(network.name) ?? []));

  const volumes = new Map<string, ModelVolume>();
  for (const pool of model.pools) {
    put(libvirtPaths.pool(pool.name), definitionXml.pool(pool));
    for (const volume of pool.volumes) {
      volumes.set(`${pool.name}/${volume.name}`, volume);
      put(libvirtPaths.volume(pool.name, volume.fileName), definitionXml.volume(pool, volume));
    }
  }

  for (const vm of model.vms) {
    const volume = vm.disk && volumes.get(`${vm.disk.pool}/${vm.disk.volume}`);
    put(libvirtPaths.domain(vm.name), definitionXml.domain(vm, volume, model.lab.libvirt, hasSeed(vm) ? { seedIso: seedIsoPath(model, vm), installIso: installMedium(model, vm) } : undefined));
  }

  const plan: ApplyPlan = {
    networks: model.networks.map((n) => ({ name: n.name, file: libvirtPaths.network(n.name), start: n.active })),
    pools: model.pools.map((p) => ({
      name: p.name,
      file: libvirtPaths.pool(p.name),
      start: p.active,
      volumes: volumesInCreationOrder(p).map((v) => ({ name: v.fileName, file: libvirtPaths.volume(p.name, v.fileName) })),
    })),
    domains: model.vms.map((vm) => ({ name: vm.name, file: libvirtPaths.domain(vm.name), start: vm.active === true })),
    ...(model.vms.some(hasSeed) && {
      seeds: {
        script: posix.join(posix.relative(dir, SEEDS_DIR), ASSEMBLE_SCRIPT),
        media: posix.relative(dir, seedsDir),
        outDir: seedIsoDir(model),
        group: qemuGroup(model.lab.libvirt.distro),
      },
    }),
  };
  files.set(`${dir}/${libvirtPaths.script}`, applyScript(header, plan));
  return files;
}
