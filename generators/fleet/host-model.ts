import type { Model } from "../../model/model.js";

/**
 * The share of a fleet one host runs, as a model of its own: its VMs, the networks defined on it
 * (its own and the bridged ones it joins), its pools, containers, container templates and jobs,
 * and the images those containers use. Generators written for one host then produce that host's files unchanged.
 *
 * @example
 * nixosModuleExpr(modelOn(model, "hv1"), "nixvirt/hv1");
 */
export function modelOn(model: Model, host: string): Model {
  const containers = model.containers.filter((c) => c.host === host);
  const containerTemplates = model.containerTemplates.filter((t) => t.host === host);
  const used = new Set([...containers, ...containerTemplates.map((t) => t.container)].flatMap((c) => (c.image.kind === "local" ? [c.image.name] : [])));
  return {
    ...model,
    networks: model.networks.filter((n) => n.hosts.includes(host)),
    pools: model.pools.filter((p) => p.host === host),
    vms: model.vms.filter((v) => v.host === host),
    hosts: model.hosts.filter((h) => h.name === host),
    images: model.images.filter((i) => used.has(i.name)),
    containers,
    jobs: model.jobs.filter((j) => j.host === host),
    containerTemplates,
  };
}

/** Whether a host runs libvirt objects, so its configuration gets NixVirt and its own lists. */
export const hasLibvirtObjects = (model: Model): boolean => model.vms.length > 0 || model.networks.length > 0 || model.pools.length > 0;

/** One NixOS configuration per host with its own module and NixVirt lists: the topology declares several hosts. */
export const perHostLayout = (model: Model): boolean => model.hosts.length > 1;

/**
 * The flake gets deployment outputs (Colmena's hive, deploy-rs nodes): the topology is a fleet of
 * several hosts, or its one host says how deploys reach it.
 */
export const deploysFleet = (model: Model): boolean =>
  model.hosts.length > 1 || model.hosts.some((h) => h.targetHost !== undefined || h.tags.length > 0 || h.buildOnTarget || h.keys.length > 0);
