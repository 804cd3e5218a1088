import type { Model } from "../model/model.js";
import { containerFiles } from "./containers.js";
import { flakeFile } from "./flake.js";
import { runsLibvirt } from "./lab-features.js";
import { libvirtFiles } from "./libvirt/index.js";
import { domainsFile } from "./nixvirt/domains.js";
import { keptXmlFiles } from "./nixvirt/kept-files.js";
import { networksFile } from "./nixvirt/networks.js";
import { poolsFile } from "./nixvirt/pools.js";
import { mergeFiles, type GeneratedFiles } from "./output.js";

/** What to generate: a NixOS flake with NixVirt (default) or plain libvirt files for hosts without Nix. */
export type Target = "nixos" | "libvirt";

/** What generators may know besides the model: where the output goes (for relative paths in it). */
export interface GenerateContext {
  readonly target: Target;
  readonly outDir: string;
}

/** NixVirt's three lists. */
export const nixvirtFiles = (model: Model): GeneratedFiles =>
  new Map([
    ["nixvirt/networks.nix", networksFile(model)],
    ["nixvirt/pools.nix", poolsFile(model)],
    ["nixvirt/domains.nix", domainsFile(model)],
    ...keptXmlFiles(model),
  ]);

/**
 * Every file of a topology for a target, sorted by path. Pure: same model, same bytes.
 *
 * @example
 * const files = generateAll(model, { target: "nixos", outDir: "/repo/generated/sccm" });
 */
export function generateAll(model: Model, ctx: GenerateContext): GeneratedFiles {
  // Plain libvirt XML and apply.sh for hosts without Nix, under libvirt/.
  if (ctx.target === "libvirt") return mergeFiles(libvirtFiles(model), containerFiles(model, true));
  return mergeFiles(
    new Map([["flake.nix", flakeFile(model, ctx)]]),
    runsLibvirt(model) ? nixvirtFiles(model) : new Map(),
    containerFiles(model, false),
  );
}
