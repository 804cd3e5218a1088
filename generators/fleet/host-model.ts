import type { Model } from "../../model/model.js";

/**
 * The share of a fleet one host runs, as a model of its own: its VMs, the networks defined on it
 * (its own and the bridged ones it joins), its pools, containers, container templates and jobs,
 * and the images, podman volumes and podman networks those containers use. Generators written for
 * one host then produce that host's files unchanged.
 *
 * @example
 * nixosModuleExpr(modelOn(model, "hv1"), "nixvirt/hv1");
 */
export function modelOn(model: Model, host: string): Model {
  let shares = built.get(model);
  if (shares === undefined) {
    shares = partition(model);
    built.set(model, shares);
  }
  return shares.get(host) ?? share(model, host, new Map());
}

// Generators ask for a host's share several times: the fleet is split once per model, in one pass.
const built = new WeakMap<Model, Map<string, Model>>();

type Parts = Map<keyof Model, unknown[]>;

/** `host`'s share from its parts (lists in the model's order); absent parts are empty. */
const share = (model: Model, host: string, parts: Parts): Model => ({
  ...model,
  networks: (parts.get("networks") ?? []) as Model["networks"],
  pools: (parts.get("pools") ?? []) as Model["pools"],
  vms: (parts.get("vms") ?? []) as Model["vms"],
  hosts: model.hosts.filter((h) => h.name === host),
  images: (parts.get("images") ?? []) as Model["images"],
  containers: (parts.get("containers") ?? []) as Model["containers"],
  podmanVolumes: (parts.get("podmanVolumes") ?? []) as Model["podmanVolumes"],
  podmanNetworks: (parts.get("podmanNetworks") ?? []) as Model["podmanNetworks"],
  jobs: (parts.get("jobs") ?? []) as Model["jobs"],
  containerTemplates: (parts.get("containerTemplates") ?? []) as Model["containerTemplates"],
});

/**
 * Every host's share at once. Images, podman volumes and podman networks go to the hosts whose
 * containers use them: a host building units for every volume of the fleet made it quadratic.
 */
function partition(model: Model): Map<string, Model> {
  const parts = new Map<string, Parts>();
  const add = (host: string | undefined, key: keyof Model, item: unknown): void => {
    if (host === undefined) return;
    const mine = parts.get(host) ?? new Map<keyof Model, unknown[]>();
    parts.set(host, mine);
    const list = mine.get(key) ?? [];
    list.push(item);
    mine.set(key, list);
  };
  const users = { images: new Map<string, Set<string>>(), podmanVolumes: new Map<string, Set<string>>(), podmanNetworks: new Map<string, Set<string>>() };
  const use = (kind: keyof typeof users, name: string, host: string | undefined): void => {
    if (host !== undefined) users[kind].set(name, (users[kind].get(name) ?? new Set()).add(host));
  };
  const uses = (c: Model["containers"][number], host: string | undefined): void => {
    if (c.image.kind === "local") use("images", c.image.name, host);
    for (const m of c.mounts) if ("volume" in m) use("podmanVolumes", m.volume, host);
    for (const n of c.networks) use("podmanNetworks", n, host);
  };
  for (const c of model.containers) {
    add(c.host, "containers", c);
    uses(c, c.host);
  }
  for (const t of model.containerTemplates) {
    add(t.host, "containerTemplates", t);
    uses(t.container, t.host);
  }
  for (const n of model.networks) for (const h of n.hosts) add(h, "networks", n);
  for (const p of model.pools) add(p.host, "pools", p);
  for (const vm of model.vms) add(vm.host, "vms", vm);
  for (const j of model.jobs) add(j.host, "jobs", j);
  for (const kind of ["images", "podmanVolumes", "podmanNetworks"] as const) {
    for (const item of model[kind]) for (const h of users[kind].get(item.name) ?? []) add(h, kind, item);
  }
  return new Map(model.hosts.map((h) => [h.name, share(model, h.name, parts.get(h.name) ?? new Map())]));
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
