import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import type { ModelVolume } from "../pool.js";

/** Volumes in declared pools, backing chains within a pool, one folder per pool, VM disks that exist and are not shared. */
export function checkStorage(model: Model, volumes: readonly ModelVolume[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  const pools = new Set(model.pools.map((p) => p.name));
  // Sets keep this linear: labs of thousands of VMs are validated on every run.
  const declared = new Set(volumes.map((v) => `${v.pool}/${v.name}`));
  for (const volume of volumes) {
    if (!pools.has(volume.pool)) found.push(problem("volume", volume, `pool "${volume.pool}" is not declared`));
    if (volume.backing !== undefined && !declared.has(`${volume.pool}/${volume.backing}`)) {
      found.push(problem("volume", volume, `backing volume "${volume.backing}" is not in pool ${volume.pool}`));
    }
    if (volume.backing === volume.name) found.push(problem("volume", volume, `a volume cannot back itself`));
  }
  // Two pools on one folder of a host: each lists the other's volumes, and deleting a volume in one deletes it in both.
  const poolOf = new Map<string, { name: string; source: { line: number } }>();
  for (const pool of model.pools) {
    const key = `${pool.host ?? ""}\u0000${pool.path}`;
    const other = poolOf.get(key);
    if (other) found.push(problem("pool", pool, `directory ${pool.path} is already the directory of pool ${other.name} (line ${other.source.line})${pool.host === undefined ? "" : ` on host ${pool.host}`}; give each pool its own`));
    else poolOf.set(key, pool);
  }
  const diskOwner = new Map<string, string>();
  for (const vm of model.vms) {
    if (vm.installIso !== undefined && !vm.installIso.startsWith("/")) {
      found.push(problem("vm", vm, `install ISO "${vm.installIso}" must be an absolute host path or a file name in the lab's isoDir`));
    }
    if (!vm.disk) {
      // NixVirt's templates take storage_vol without a default; imported hardware has its own disks.
      if (vm.libvirtXml.length > 0) continue;
      found.push(problem("vm", vm, `a VM needs a disk: give it \`disk: pool.volume(...)\``));
      continue;
    }
    const key = `${vm.disk.pool}/${vm.disk.volume}`;
    if (!declared.has(key)) {
      found.push(problem("vm", vm, `disk volume "${vm.disk.volume}" is not declared in pool ${vm.disk.pool}`));
    }
    const other = diskOwner.get(key);
    if (other !== undefined) found.push(problem("vm", vm, `disk ${key} is already the disk of vm ${other}`));
    else diskOwner.set(key, vm.name);
  }
  return found;
}
