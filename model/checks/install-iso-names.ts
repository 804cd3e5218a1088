import { posix } from "node:path";
import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";

/**
 * An unattended Windows VM boots a no-prompt copy of its install ISO, made on the host under the
 * ISO's file name (generators/unattended/media.ts): two different ISOs with one file name would
 * make one copy. Reported at the second VM that names the other ISO.
 */
export function checkInstallIsoNames(model: Model): Diagnostic[] {
  const first = new Map<string, { path: string; line: number }>();
  const found: Diagnostic[] = [];
  for (const vm of model.vms) {
    if (vm.template !== "windows" || vm.unattended === undefined || vm.installIso === undefined || vm.libvirtXml.length > 0) continue;
    const name = posix.basename(vm.installIso).replace(/\.iso$/i, "");
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, { path: vm.installIso, line: vm.source.line });
    else if (earlier.path !== vm.installIso) {
      found.push(problem("vm", vm, `install ISO ${vm.installIso} has the file name of ${earlier.path} (line ${earlier.line}); their no-prompt copies would clash: rename one`));
    }
  }
  return found;
}
