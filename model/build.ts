import { dirname, relative, sep } from "node:path";
import type * as z from "./zod.js";
import type { Lab } from "../dsl/lab.js";
import type { Resource } from "../dsl/resource.js";
import { activeDirectoryInput, normalizeActiveDirectory, type ModelActiveDirectory } from "./active-directory.js";
import { runChecks } from "./checks/index.js";
import { hostPath, resourceName } from "./common.js";
import { containerInput, normalizeContainer, type ModelContainer } from "./container.js";
import { containerTemplateInput, normalizeContainerTemplate, type ModelContainerTemplate } from "./container-template.js";
import { isError, problem, type Diagnostic } from "./diagnostic.js";
import { hostInput, normalizeHost, type ModelHost } from "./host.js";
import { imageInput, normalizeImage, type ModelImage } from "./image.js";
import { jobInput, normalizeJob, type ModelJob } from "./job.js";
import { libvirtInput, normalizeLibvirtPaths } from "./libvirt-host.js";
import { separateDerivedMacs } from "./macs.js";
import type { Model } from "./model.js";
import { networkInput, normalizeNetwork, spanBridge, type ModelNetwork } from "./network.js";
import { podmanNetworkInput, type ModelPodmanNetwork } from "./podman-network.js";
import { podmanVolumeInput, type ModelPodmanVolume } from "./podman-volume.js";
import { normalizePool, normalizeVolume, poolInput, volumeInput, type ModelPool, type ModelVolume } from "./pool.js";
import { normalizeVm, vmInput, type ModelVm } from "./vm.js";

/**
 * The outcome of building a model: the model and its warnings when there were no errors; otherwise
 * every diagnostic, errors and warnings together.
 */
export type BuildResult = { ok: true; model: Model; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

const DEFAULT_ISO_DIR = "/var/lib/libvirt/iso";
const DEFAULT_NVRAM_DIR = "/var/lib/libvirt/qemu/nvram";

/** Parse a resource's spec with its schema; each zod issue becomes a diagnostic at the declaration. */
function parse<S extends z.ZodMiniType>(schema: S, resource: Resource, diagnostics: Diagnostic[]): z.output<S> | undefined {
  const result = schema.safeParse(resource.toSpec());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    diagnostics.push(problem(resource.kind, resource, `${where}${issue.message}`));
  }
  return undefined;
}

/**
 * Turn a lab declared with the DSL into the normalized model, then run every cross-reference check.
 * All problems are collected; none stops the others from being found. `root` is the folder the
 * model's `topology` path is relative to (the CLI passes the project root, never the current folder).
 *
 * @example
 * const result = buildModel(myLab, "examples/sccm.ts");
 * if (!result.ok) console.error(formatDiagnostics(result.diagnostics));
 */
export function buildModel(lab: Lab, topologyFile: string, root = dirname(topologyFile)): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const labName = resourceName.safeParse(lab.name);
  if (!labName.success) diagnostics.push(problem("lab", lab, labName.error.issues[0]!.message));
  const defaults = { isoDir: lab.props.isoDir ?? DEFAULT_ISO_DIR, nvramDir: lab.props.nvramDir ?? DEFAULT_NVRAM_DIR };
  for (const key of ["isoDir", "nvramDir"] as const) {
    const given = hostPath.safeParse(defaults[key]);
    if (!given.success) diagnostics.push(problem("lab", lab, `${key}: ${given.error.issues[0]!.message}`));
  }
  const libvirtProps = libvirtInput.safeParse(lab.props.libvirt);
  if (!libvirtProps.success) {
    for (const issue of libvirtProps.error.issues) {
      diagnostics.push(problem("lab", lab, `${["libvirt", ...issue.path.map(String)].join(".")}: ${issue.message}`));
    }
  }
  const libvirt = normalizeLibvirtPaths(libvirtProps.data ?? { distro: "debian" }, defaults.isoDir);

  const networks: ModelNetwork[] = [];
  const pools: ModelPool[] = [];
  const volumes: ModelVolume[] = [];
  const vms: ModelVm[] = [];
  const hosts: ModelHost[] = [];
  const images: ModelImage[] = [];
  const containers: ModelContainer[] = [];
  const podmanVolumes: ModelPodmanVolume[] = [];
  const podmanNetworks: ModelPodmanNetwork[] = [];
  const jobs: ModelJob[] = [];
  const containerTemplates: ModelContainerTemplate[] = [];
  const domains: ModelActiveDirectory[] = [];
  // VMs, networks, pools, containers and jobs without a host run on the lab's only host.
  const declaredHosts = lab.resources().filter((r) => r.kind === "host");
  const givenMacs = new Set<string>();
  for (const resource of lab.resources()) {
    switch (resource.kind) {
      case "network": {
        const input = parse(networkInput, resource, diagnostics);
        if (input?.mac !== undefined) givenMacs.add(input.mac);
        if (input) networks.push(normalizeNetwork(lab.name, input, declaredHosts, resource.source));
        break;
      }
      case "pool": {
        const input = parse(poolInput, resource, diagnostics);
        if (input) pools.push(normalizePool(lab.name, input, declaredHosts, resource.source));
        break;
      }
      case "volume": {
        const input = parse(volumeInput, resource, diagnostics);
        if (input) volumes.push(normalizeVolume(input, resource.source));
        break;
      }
      case "vm": {
        const input = parse(vmInput, resource, diagnostics);
        for (const nic of input?.nics ?? []) if (nic.mac !== undefined) givenMacs.add(nic.mac);
        if (input) vms.push(normalizeVm(lab.name, input, defaults, declaredHosts, resource.source));
        break;
      }
      case "host": {
        const input = parse(hostInput, resource, diagnostics);
        if (input) hosts.push(normalizeHost(input, resource.source));
        break;
      }
      case "image": {
        const input = parse(imageInput, resource, diagnostics);
        if (input) images.push(normalizeImage(input, resource.source));
        break;
      }
      case "container": {
        const input = parse(containerInput, resource, diagnostics);
        if (input) containers.push(normalizeContainer(input, declaredHosts, resource.source));
        break;
      }
      case "podman-volume": {
        const input = parse(podmanVolumeInput, resource, diagnostics);
        if (input) podmanVolumes.push({ ...input, source: resource.source });
        break;
      }
      case "podman-network": {
        const input = parse(podmanNetworkInput, resource, diagnostics);
        if (input) podmanNetworks.push({ ...input, source: resource.source });
        break;
      }
      case "job": {
        const input = parse(jobInput, resource, diagnostics);
        if (input) jobs.push(normalizeJob(input, declaredHosts, resource.source));
        break;
      }
      case "container-template": {
        const input = parse(containerTemplateInput, resource, diagnostics);
        if (input) containerTemplates.push(normalizeContainerTemplate(input, declaredHosts, resource.source));
        break;
      }
      case "active-directory": {
        const input = parse(activeDirectoryInput, resource, diagnostics);
        if (input) domains.push(normalizeActiveDirectory(input, resource.source));
        break;
      }
      default:
        diagnostics.push(problem(resource.kind, resource, `unknown resource kind "${resource.kind}"`));
    }
  }

  separateDerivedMacs(lab.name, networks, vms, givenMacs);
  const model: Model = {
    lab: { name: lab.name, ...defaults, libvirt, source: lab.source },
    topology: relative(root, topologyFile).split(sep).join("/"),
    topologyDir: dirname(topologyFile),
    networks: networks.map((n) => spanBridge(n, declaredHosts, vms)),
    pools: pools.map((p) => ({ ...p, volumes: volumes.filter((v) => v.pool === p.name) })),
    vms,
    hosts,
    images,
    containers,
    podmanVolumes,
    podmanNetworks,
    jobs,
    containerTemplates,
    domains,
  };
  diagnostics.push(...runChecks(model, volumes));
  return diagnostics.some(isError) ? { ok: false, diagnostics } : { ok: true, model, warnings: diagnostics };
}
