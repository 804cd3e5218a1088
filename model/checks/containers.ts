import type { ModelContainer } from "../container.js";
import { problem, type Diagnostic, type Located } from "../diagnostic.js";
import type { Model } from "../model.js";
import { hostLabel, podmanOn } from "../podman.js";
import { checkPlacedOn } from "./placement.js";

/** Where a container or job runs: its host and its account (`root` when rootful). */
const placement = (r: { host?: string; user?: string }): string => `${r.user ?? "root"}@${r.host ?? ""}`;

/** A container, job or template names a host the lab declares that runs podman, or the lab has one host (or none) to default to. */
export const checkHost = (kind: string, r: Located & { host?: string }, model: Model): Diagnostic[] => checkPlacedOn(kind, r, r.host, "podman", model.hosts);

/** Names declared in the lab, looked up once per check run (labs of thousands of containers). */
interface Declared {
  readonly images: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  readonly networks: ReadonlySet<string>;
  readonly containers: ReadonlyMap<string, ModelContainer>;
}

const declared = (model: Model): Declared => ({
  images: new Set(model.images.map((i) => i.name)),
  volumes: new Set(model.podmanVolumes.map((v) => v.name)),
  networks: new Set(model.podmanNetworks.map((n) => n.name)),
  // The first of a name, as declared: duplicates are reported by the name checks.
  containers: new Map([...model.containers].reverse().map((c) => [c.name, c])),
});

/** Images, volumes, networks and dependencies a container refers to exist and can be reached. */
const checkReferences = (c: ModelContainer, known: Declared): Diagnostic[] => referenceProblems(c, known).map((m) => problem("container", c, m));

/** What `checkReferences` finds, as messages (container templates report them at their own line). */
export function referenceProblems(c: ModelContainer, lab: Model | Declared): string[] {
  const known = "vms" in lab ? declared(lab) : lab;
  const found: string[] = [];
  const at = (message: string) => found.push(message);
  const image = c.image;
  if (image.kind === "local" && !known.images.has(image.name)) at(`unknown image "${image.name}": declare it with lab.image(...) in this lab`);
  for (const m of c.mounts) {
    if ("volume" in m && !known.volumes.has(m.volume)) at(`volume "${m.volume}" is not declared in this lab (lab.podmanVolume(...))`);
  }
  for (const n of c.networks) {
    if (!known.networks.has(n)) at(`network "${n}" is not declared in this lab (lab.podmanNetwork(...))`);
  }
  for (const d of c.dependsOn) {
    const other = known.containers.get(d);
    if (!other) at(`depends on container "${d}", which is not declared in this lab`);
    else if (other === c) at(`a container cannot depend on itself`);
    else if (placement(other) !== placement(c)) {
      at(`depends on container ${d}, which runs as ${other.user ?? "root"} on ${hostLabel(other.host)}: systemd orders units of one manager only`);
    }
  }
  return found;
}

/** Dependency cycles: systemd would refuse to start any container on one. */
function checkCycles(model: Model): Diagnostic[] {
  const byName = new Map(model.containers.map((c) => [c.name, c]));
  const found: Diagnostic[] = [];
  const reported = new Set<string>();
  const visit = (c: ModelContainer, path: string[]): void => {
    for (const d of c.dependsOn) {
      const next = byName.get(d);
      if (!next || next === c) continue;
      const loop = path.indexOf(d);
      if (loop >= 0) {
        const cycle = [...path.slice(loop), d];
        const key = [...cycle].sort().join(",");
        if (!reported.has(key)) found.push(problem("container", next, `dependency cycle: ${cycle.join(" -> ")}`));
        reported.add(key);
      } else visit(next, [...path, d]);
    }
  };
  for (const c of model.containers) visit(c, [c.name]);
  return found;
}

/** A host port and protocol is published by one container only (an all-address binding clashes with any). */
function checkPorts(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  // By host, port and protocol: the bindings there (one per address at most, or one for all).
  const taken = new Map<string, { ip?: string; owner: ModelContainer }[]>();
  for (const c of model.containers) {
    for (const p of c.ports) {
      const key = `${c.host ?? ""}\u0000${p.host}/${p.protocol}`;
      const bindings = taken.get(key) ?? [];
      const clash = bindings.find((t) => t.ip === undefined || p.hostIp === undefined || t.ip === p.hostIp);
      if (clash) {
        const by = clash.owner === c ? "this container already" : `container ${clash.owner.name} (line ${clash.owner.source.line})`;
        found.push(problem("container", c, `host port ${p.host}/${p.protocol} is published twice on ${hostLabel(c.host)}: ${by} publishes it`));
      } else taken.set(key, [...bindings, { ...(p.hostIp !== undefined && { ip: p.hostIp }), owner: c }]);
    }
  }
  return found;
}

/** The hosts' `maxContainers` and `maxContainersPerUser`, reported at the first container over a limit. */
function checkLimits(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  const onHost = new Map<string, number>();
  const perUser = new Map<string, number>();
  for (const c of model.containers) {
    const { maxContainers, maxContainersPerUser } = podmanOn(model.hosts, c.host);
    const total = (onHost.get(c.host ?? "") ?? 0) + 1;
    const mine = (perUser.get(placement(c)) ?? 0) + 1;
    onHost.set(c.host ?? "", total);
    perUser.set(placement(c), mine);
    if (maxContainers !== undefined && total === maxContainers + 1) {
      found.push(problem("container", c, `${hostLabel(c.host)} allows at most ${maxContainers} containers (podman.maxContainers); this is container ${total}`));
    }
    if (maxContainersPerUser !== undefined && mine === maxContainersPerUser + 1) {
      found.push(
        problem("container", c, `${hostLabel(c.host)} allows at most ${maxContainersPerUser} containers per user (podman.maxContainersPerUser); this is ${c.user ?? "root"}'s container ${mine}`),
      );
    }
  }
  return found;
}

/** Hosts, images, volumes, networks, dependencies, published ports and container limits. */
export function checkContainers(model: Model): Diagnostic[] {
  const known = declared(model);
  return [
    ...model.containers.flatMap((c) => [...checkHost("container", c, model), ...checkReferences(c, known)]),
    ...model.jobs.flatMap((j) => checkHost("job", j, model)),
    ...checkCycles(model),
    ...checkPorts(model),
    ...checkLimits(model),
  ];
}
