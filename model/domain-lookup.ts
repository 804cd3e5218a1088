import type { ModelActiveDirectory } from "./active-directory.js";
import type { Model } from "./model.js";
import type { ModelNic, ModelVm } from "./vm.js";
import type { MediaSecret } from "./vm-secret.js";

/** A domain's controller and the static address members reach it (and its DNS) at. */
export interface ControllerAddress {
  readonly vm: ModelVm;
  readonly nic: ModelNic & { readonly ip: string };
}

/** The VM that creates `domain`, with its first static NIC; `undefined` when there is none (a check reports it). */
export function controllerOf(model: Pick<Model, "vms">, domain: string): ControllerAddress | undefined {
  for (const vm of model.vms) {
    const role = vm.unattended?.role;
    if (role?.kind !== "controller" || role.domain !== domain) continue;
    const nic = vm.nics.find((n): n is ModelNic & { ip: string } => n.ip !== undefined);
    return nic && { vm, nic };
  }
  return undefined;
}

/** The domain a VM creates or joins. */
export function domainOf(model: Pick<Model, "domains">, vm: ModelVm): ModelActiveDirectory | undefined {
  const role = vm.unattended?.role;
  return role === undefined || role.kind === "standalone" ? undefined : model.domains.find((d) => d.name === role.domain);
}

/** The local administrator's password: a controller's is its domain's, a member's defaults to it. */
export function localAdminSecret(model: Pick<Model, "domains">, vm: ModelVm): MediaSecret | undefined {
  const domain = domainOf(model, vm);
  if (vm.unattended?.role.kind === "controller") return domain?.adminPassword;
  return vm.unattended?.adminPassword ?? domain?.adminPassword;
}
