import { problem, type Diagnostic, type Located } from "../diagnostic.js";
import type { ModelHost } from "../host.js";
import type { Model } from "../model.js";

/** What a placed resource needs its host to run. */
type Capability = "libvirt" | "podman";

/**
 * A resource placed on `host` (or on none): the host is declared and runs what the resource needs,
 * and a lab of several hosts says which one.
 */
export function checkPlacedOn(kind: string, r: Located, host: string | undefined, needs: Capability, hosts: readonly ModelHost[]): Diagnostic[] {
  if (host === undefined) {
    return hosts.length > 1 ? [problem(kind, r, `the lab declares ${hosts.length} hosts: say which runs it with \`host:\``)] : [];
  }
  const declared = hosts.find((h) => h.name === host);
  if (!declared) return [problem(kind, r, `host "${host}" is not declared in this lab`)];
  if (!declared.runs[needs]) return [problem(kind, r, `host ${host} runs no ${needs} (declared with \`${needs}: false\` at line ${declared.source.line})`)];
  return [];
}

/** Where a network is: its host, or every host a bridged network spans. */
function networkHosts(model: Model): Diagnostic[] {
  return model.networks.flatMap((n) => {
    if (n.mode !== "bridge" || n.host !== undefined) return checkPlacedOn("network", n, n.host, "libvirt", model.hosts);
    if (n.hosts.length === 0 && model.hosts.length > 1) {
      return [problem("network", n, `a bridged network spans the hosts its \`uplink\` names and those running VMs on it: this one has none`)];
    }
    return n.hosts.flatMap((h) => {
      const declared = model.hosts.find((d) => d.name === h);
      if (!declared) return [problem("network", n, `uplink names host "${h}", which is not declared in this lab`)];
      return declared.runs.libvirt ? [] : [problem("network", n, `host ${h} runs no libvirt (declared with \`libvirt: false\` at line ${declared.source.line})`)];
    });
  });
}

/** A VM's disk is in a pool on its own host; each NIC's network is defined on its host. */
function vmReach(model: Model): Diagnostic[] {
  const pools = new Map(model.pools.map((p) => [p.name, p]));
  const networks = new Map(model.networks.map((n) => [n.name, n]));
  const found: Diagnostic[] = [];
  for (const vm of model.vms) {
    if (vm.host === undefined) continue;
    const pool = vm.disk && pools.get(vm.disk.pool);
    if (pool?.host !== undefined && pool.host !== vm.host) {
      found.push(problem("vm", vm, `its disk ${vm.disk!.volume} is in pool ${pool.name} on host ${pool.host}, but the VM runs on host ${vm.host}`));
    }
    vm.nics.forEach((nic, i) => {
      const network = networks.get(nic.network);
      if (!network || network.hosts.length === 0 || network.hosts.includes(vm.host!)) return;
      const where = network.mode === "bridge" ? `is bridged on host ${network.hosts.join(", ")} only` : `is a ${network.mode} network of host ${network.host}`;
      found.push(problem("vm", vm, `NIC ${i + 1} is on network ${network.name}, which ${where}; the VM runs on host ${vm.host} (a bridged network joins hosts)`));
    });
  }
  return found;
}

/** Every VM, pool and network is on a declared host that runs libvirt, and VMs reach their disks and networks. */
export const checkPlacement = (model: Model): Diagnostic[] => [
  ...model.vms.flatMap((vm) => checkPlacedOn("vm", vm, vm.host, "libvirt", model.hosts)),
  ...model.pools.flatMap((p) => checkPlacedOn("pool", p, p.host, "libvirt", model.hosts)),
  ...networkHosts(model),
  ...vmReach(model),
];
