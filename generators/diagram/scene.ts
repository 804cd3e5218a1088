/**
 * Model -> Diagram: what the picture shows of each resource. Things are drawn in declaration
 * order with ids derived from kind and name, so the same lab gives the same picture and a renamed
 * resource changes only its own lines.
 */
import type { ModelContainer } from "../../model/container.js";
import type { ModelContainerTemplate } from "../../model/container-template.js";
import type { Model } from "../../model/model.js";
import type { ModelNetwork } from "../../model/network.js";
import type { ModelPool } from "../../model/pool.js";
import type { ModelVm } from "../../model/vm.js";
import type { Diagram, DiagramBox, DiagramEdge, DiagramNode } from "./diagram.js";
import type { TargetHost } from "../../model/target-host.js";
import { hostBoxId, networkBox } from "./placement.js";
import { KIND_ORDER, type DiagramKind } from "./style.js";

/**
 * Past this many VMs a lab's VMs are drawn as one counted node per host and network (and one per
 * host for VMs without a NIC): a picture of hundreds of boxes is unreadable and slow to lay out, and the
 * networks with their subnets stay the useful overview.
 */
export const MAX_DRAWN_VMS = 40;

/** A pool lists at most this many volumes; the rest are counted. */
export const MAX_LISTED_VOLUMES = 12;

const size = (s: { count: number; unit: string }): string => `${s.count} ${s.unit}`;

/** `user@address:port`, as ssh is given it. */
const sshTarget = (t: TargetHost): string => `${t.user === undefined ? "" : `${t.user}@`}${t.address}${t.port === undefined ? "" : `:${t.port}`}`;

const networkNode = (n: ModelNetwork): DiagramNode => ({
  id: `network/${n.name}`,
  kind: "network",
  title: n.name,
  lines: [
    `${n.mode} · ${n.subnet}`,
    `bridge ${n.bridge}${n.vlan === undefined ? "" : ` · VLAN ${n.vlan}`}`,
    ...Object.entries(n.uplinks).map(([host, uplink]) => `uplink ${uplink} on ${host}`),
    ...(n.dhcp ? [`DHCP ${n.dhcp.start} – ${n.dhcp.end}`] : []),
  ],
});

const vmNode = (vm: ModelVm, pools: readonly ModelPool[]): DiagramNode => {
  const disk = vm.disk && pools.find((p) => p.name === vm.disk!.pool)?.volumes.find((v) => v.name === vm.disk!.volume);
  return {
    id: `vm/${vm.name}`,
    kind: "vm",
    title: vm.name,
    lines: [`${vm.template} · ${size(vm.memory)} · ${vm.vcpus} vCPU${vm.vcpus === 1 ? "" : "s"}`, ...(disk ? [`disk ${disk.fileName}`] : [])],
  };
};

function poolNode(p: ModelPool): DiagramNode {
  const listed = p.volumes.slice(0, MAX_LISTED_VOLUMES).map((v) => `${v.fileName} · ${size(v.capacity)}`);
  const rest = p.volumes.length - listed.length;
  return { id: `pool/${p.name}`, kind: "pool", title: p.name, lines: [p.path, ...listed, ...(rest > 0 ? [`and ${rest} more volumes`] : [])] };
}

const nicEdges = (vm: ModelVm): DiagramEdge[] =>
  vm.nics.map((nic) => ({ from: `vm/${vm.name}`, to: `network/${nic.network}`, lines: [nic.ip ?? "DHCP", nic.mac], arrow: false, ...(nic.ip !== undefined && { strong: true }) }));

const diskEdges = (vm: ModelVm): DiagramEdge[] =>
  vm.disk ? [{ from: `vm/${vm.name}`, to: `pool/${vm.disk.pool}`, lines: [], arrow: false, faint: true }] : [];

/** VMs counted per network they are attached to, and those with no NIC; `box` keeps ids apart per machine. */
function vmGroups(box: string, vms: readonly ModelVm[], networks: readonly ModelNetwork[]): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  for (const n of networks) {
    const on = vms.filter((vm) => vm.nics.some((nic) => nic.network === n.name));
    if (on.length === 0) continue;
    const statics = on.filter((vm) => vm.nics.some((nic) => nic.network === n.name && nic.ip !== undefined)).length;
    nodes.push({ id: `vms-on/${box}/${n.name}`, kind: "vm-group", title: `${on.length} VMs`, lines: [`${statics} with a static IP`] });
    edges.push({ from: `vms-on/${box}/${n.name}`, to: `network/${n.name}`, lines: [], arrow: false });
  }
  const loose = vms.filter((vm) => vm.nics.length === 0).length;
  if (loose > 0) nodes.push({ id: `vms-without-nic/${box}`, kind: "vm-group", title: `${loose} VMs`, lines: ["without a NIC"] });
  return { nodes, edges };
}

function containerNode(c: ModelContainer): DiagramNode {
  return {
    id: `container/${c.name}`,
    kind: "container",
    title: c.name,
    lines: [
      c.user === undefined ? "rootful" : `rootless · ${c.user}`,
      ...c.ports.map((p) => `port ${p.hostIp === undefined ? "" : `${p.hostIp}:`}${p.host} → ${p.container}/${p.protocol}`),
      ...c.mounts.map((m) => `${"volume" in m ? `volume ${m.volume}` : m.hostPath} → ${m.path}${m.readOnly ? " (ro)" : ""}`),
    ],
  };
}

/** A template's command, who may use it, its limits and the shape of what it creates. */
function templateNode(t: ModelContainerTemplate): DiagramNode {
  const limits = [t.limits.perUser === undefined ? [] : [`${t.limits.perUser} per user`], t.limits.total === undefined ? [] : [`${t.limits.total} in all`]].flat();
  return {
    id: `container-template/${t.name}`,
    kind: "container-template",
    title: `${t.name}-ctl`,
    lines: [
      `containers for ${t.users.join(", ")}`,
      ...(limits.length > 0 ? [`up to ${limits.join(", ")}`] : []),
      ...t.container.mounts.map((m) => `${"volume" in m ? `volume ${m.volume}` : m.hostPath} → ${m.path}`),
    ],
  };
}

const imageId = (c: ModelContainer): string => (c.image.kind === "local" ? `image/${c.image.name}` : `registry/${c.image.reference}`);

/** Podman networks exist per machine: one node in each box whose containers use it. */
const podmanNetworkId = (host: string | undefined, name: string): string => `podman-network/${host ?? ""}/${name}`;

/** A picture being drawn: boxes by id (declared hosts first), things outside them, edges. */
interface Canvas {
  readonly boxes: Map<string, { title: string; lines: string[]; nodes: DiagramNode[] }>;
  readonly outside: DiagramNode[];
  readonly edges: DiagramEdge[];
}

/** The box with this id; the box of undeclared hosts is made on first use. */
function box(canvas: Canvas, id: string): DiagramNode[] {
  if (!canvas.boxes.has(id)) canvas.boxes.set(id, { title: "host (not declared)", lines: [], nodes: [] });
  return canvas.boxes.get(id)!.nodes;
}

function drawHosts(model: Model, canvas: Canvas): void {
  for (const h of model.hosts) {
    const lines = [`NixOS ${h.nixpkgs} · ${h.system}`, ...(h.targetHost ? [`deploy to ${sshTarget(h.targetHost)}`] : []), ...(h.tags.length > 0 ? [`tags ${h.tags.join(", ")}`] : [])];
    canvas.boxes.set(hostBoxId(h.name), { title: h.name, lines, nodes: [] });
  }
}

function drawLibvirt(model: Model, canvas: Canvas): void {
  for (const n of model.networks) {
    const id = networkBox(n);
    (id === undefined ? canvas.outside : box(canvas, id)).push(networkNode(n));
  }
  for (const p of model.pools) box(canvas, hostBoxId(p.host)).push(poolNode(p));
  if (model.vms.length <= MAX_DRAWN_VMS) {
    for (const vm of model.vms) box(canvas, hostBoxId(vm.host)).push(vmNode(vm, model.pools));
    canvas.edges.push(...model.vms.flatMap((vm) => [...nicEdges(vm), ...diskEdges(vm)]));
    return;
  }
  for (const id of new Set(model.vms.map((vm) => hostBoxId(vm.host)))) {
    const groups = vmGroups(id, model.vms.filter((vm) => hostBoxId(vm.host) === id), model.networks);
    box(canvas, id).push(...groups.nodes);
    canvas.edges.push(...groups.edges);
  }
}

function drawImages(model: Model, canvas: Canvas): void {
  for (const image of model.images) {
    const lines = [`${image.packages.length} package${image.packages.length === 1 ? "" : "s"}`, ...(image.exposedPorts.length > 0 ? [`exposes ${image.exposedPorts.join(", ")}`] : [])];
    canvas.outside.push({ id: `image/${image.name}`, kind: "image", title: `${image.name}:${image.tag}`, lines });
  }
}

/**
 * Containers and container templates in their host's box, with arrows to their images (registry
 * images drawn once) and lines to podman networks.
 */
function drawContainers(model: Model, canvas: Canvas): void {
  const drawn = new Set<string>();
  const declared = model.containers.map((c) => ({ c, node: containerNode(c) }));
  const templates = model.containerTemplates.map((t) => ({ c: t.container, node: templateNode(t) }));
  for (const { c, node } of [...declared, ...templates]) {
    const nodes = box(canvas, hostBoxId(c.host));
    nodes.push(node);
    if (c.image.kind === "registry" && !drawn.has(imageId(c))) {
      drawn.add(imageId(c));
      canvas.outside.push({ id: imageId(c), kind: "image", title: c.image.reference, lines: ["from a registry"] });
    }
    canvas.edges.push({ from: node.id, to: imageId(c), lines: [], arrow: true });
    for (const name of c.networks) {
      const id = podmanNetworkId(c.host, name);
      if (!drawn.has(id)) {
        drawn.add(id);
        const net = model.podmanNetworks.find((n) => n.name === name);
        const lines = net === undefined ? [] : [...(net.subnet === undefined ? [] : [net.subnet]), ...(net.internal ? ["internal"] : [])];
        nodes.push({ id, kind: "podman-network", title: name, lines });
      }
      canvas.edges.push({ from: node.id, to: id, lines: [], arrow: false });
    }
  }
}

function drawJobs(model: Model, canvas: Canvas): void {
  for (const j of model.jobs) {
    box(canvas, hostBoxId(j.host)).push({ id: `job/${j.name}`, kind: "job", title: j.name, lines: [j.schedule, j.user === undefined ? "as root" : `as ${j.user}`] });
  }
}

/**
 * The picture of a lab.
 *
 * @example
 * const d = diagramOf(model); d.boxes[0].title // "hypervisor"
 */
export function diagramOf(model: Model): Diagram {
  const canvas: Canvas = { boxes: new Map(), outside: [], edges: [] };
  for (const draw of [drawHosts, drawLibvirt, drawImages, drawContainers, drawJobs]) draw(model, canvas);
  const used = new Set<DiagramKind>([...[...canvas.boxes.values()].flatMap((b) => b.nodes), ...canvas.outside].map((n) => n.kind));
  return {
    name: model.lab.name,
    boxes: [...canvas.boxes].map(([id, b]): DiagramBox => ({ id, ...b })),
    nodes: canvas.outside,
    edges: canvas.edges,
    legend: KIND_ORDER.filter((k) => used.has(k)),
  };
}
