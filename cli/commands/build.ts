import { buildFlake } from "../../realize/build-flake.js";
import { NIX_VOLUME } from "../../realize/container.js";
import { UsageFailure } from "../../realize/failure.js";
import { hostModules } from "../../realize/host-modules.js";
import { imageAttr, systemAttr } from "../../realize/nix-build.js";
import { EXIT } from "../exit.js";
import { selectHosts } from "../hosts.js";
import { outputOptions, synthesizeAll } from "../pipeline.js";
import { terminalRealizer } from "../realizer.js";
import { writeGenerated } from "../write-generated.js";

/** Options of `homelab-gen build`. */
export interface BuildOptions {
  readonly host?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly inContainer?: boolean;
  /** `--diagram` / `--no-diagram`: topology.svg and topology.mmd or not; unset, as the output folder holds. */
  readonly diagram?: boolean;
}

/**
 * `homelab-gen build FILE`: generate, then `nix build` every container image and the system of every
 * host (or of `--host`), and print the result paths on stdout, one per line. Progress and the log's
 * path go to stderr.
 */
export async function buildCommand(file: string, opts: BuildOptions): Promise<number> {
  const synthesis = await synthesizeAll(file, { ...outputOptions(opts), target: "nixos" });
  const { model, files, outDir } = synthesis;
  const attrs = [...model.images.map((i) => imageAttr(i.name)), ...selectHosts(model, opts.host).map((h) => systemAttr(h.name))];
  if (attrs.length === 0) throw new UsageFailure("nothing to build: the topology declares no image and no host");
  await writeGenerated(synthesis, { force: opts.force ?? false, report: console.error });
  const ctx = terminalRealizer("build");
  const built = await buildFlake({ outDir, files: files.keys(), modules: hostModules(model), attrs, inContainer: opts.inContainer ?? false }, ctx);
  for (const result of built) for (const path of Object.values(result.outputs)) console.log(path);
  if (opts.inContainer) console.error(`the paths are in the container volume ${NIX_VOLUME}`);
  console.error(`full log: ${ctx.log.path}`);
  return EXIT.ok;
}
