import type { Model } from "../model/model.js";
import { containerFiles } from "./containers.js";
import { flakeFile } from "./flake.js";
import { runsLibvirt } from "./lab-features.js";
import { libvirtFiles } from "./libvirt/index.js";
import { domainsFile } from "./nixvirt/domains.js";
import { keptXmlFiles } from "./nixvirt/kept-files.js";
import { networksFile } from "./nixvirt/networks.js";
import { poolsFile } from "./nixvirt/pools.js";
import { hasLibvirtObjects, modelOn, perHostLayout } from "./fleet/host-model.js";
import { portableFleetFiles } from "./fleet/portable.js";
import { headerLines } from "./header.js";
import { libvirtHeader } from "./libvirt/index.js";
import { mergeFiles, type GeneratedFiles } from "./output.js";
import { assembleFiles, seedFiles } from "./unattended/index.js";
import { seedsDirOf } from "./unattended/media.js";

/** What to generate: a NixOS flake with NixVirt (default) or plain libvirt files for hosts without Nix. */
export type Target = "nixos" | "libvirt";

/** What generators may know besides the model: where the output goes (for relative paths in it). */
export interface GenerateContext {
  readonly target: Target;
  readonly outDir: string;
}

/** NixVirt's three lists, in `dir`. */
export const nixvirtFiles = (model: Model, dir = "nixvirt"): GeneratedFiles =>
  new Map([
    [`${dir}/networks.nix`, networksFile(model)],
    [`${dir}/pools.nix`, poolsFile(model)],
    [`${dir}/domains.nix`, domainsFile(model)],
    ...keptXmlFiles(model, dir),
  ]);

/** The lab's NixVirt lists, or with several hosts each host's own under `nixvirt/<host>/` (none for a host without libvirt objects). */
function hostNixvirtFiles(model: Model): GeneratedFiles {
  if (!perHostLayout(model)) return runsLibvirt(model) ? nixvirtFiles(model) : new Map();
  return mergeFiles(
    ...model.hosts.map((h) => modelOn(model, h.name)).map((share) => (hasLibvirtObjects(share) ? nixvirtFiles(share, `nixvirt/${share.hosts[0]!.name}`) : new Map())),
  );
}

/**
 * Install media templates: the lab's under `seeds/`, or with several hosts each host's under
 * `seeds/<host>/`, so a host reads only the secrets of the VMs it runs; one `seeds/assemble.sh`.
 */
function hostSeedFiles(model: Model, header: readonly string[]): GeneratedFiles {
  const templates = perHostLayout(model)
    ? model.hosts.map((h) => seedFiles(model, header, seedsDirOf(h.name), model.vms.filter((vm) => vm.host === h.name)))
    : [seedFiles(model, header)];
  return mergeFiles(assembleFiles(model, header), ...templates);
}

/**
 * Every file of a topology for a target, sorted by path. Pure: same model, same bytes.
 *
 * @example
 * const files = generateAll(model, { target: "nixos", outDir: "/repo/generated/sccm" });
 */
export function generateAll(model: Model, ctx: GenerateContext): GeneratedFiles {
  // Plain libvirt XML and apply.sh for hosts without Nix, under libvirt/ (libvirt/<host>/ in a fleet).
  if (ctx.target === "libvirt") {
    const seeds = hostSeedFiles(model, libvirtHeader(model));
    return perHostLayout(model) ? mergeFiles(portableFleetFiles(model), seeds) : mergeFiles(libvirtFiles(model), containerFiles(model, true), seeds);
  }
  return mergeFiles(
    new Map([["flake.nix", flakeFile(model, ctx)]]),
    hostNixvirtFiles(model),
    containerFiles(model, false),
    hostSeedFiles(model, headerLines(model)),
  );
}
