import { basename, extname, resolve } from "node:path";
import { generateAll, type Target } from "../generators/index.js";
import type { GeneratedFiles } from "../generators/output.js";
import { buildModel } from "../model/build.js";
import { TopologyError, type Diagnostic } from "../model/diagnostic.js";
import type { Model } from "../model/model.js";
import { readManifest } from "../writer/index.js";
import { missingHostModules } from "./host-modules-exist.js";
import { loadTopology } from "./load.js";
import { projectRoot } from "./project-root.js";

/** A topology loaded, validated and generated: everything before the writer. */
export interface Synthesis {
  readonly model: Model;
  readonly files: GeneratedFiles;
  /** Diagnostics that did not stop generation. */
  readonly warnings: readonly Diagnostic[];
  /** The output folder: `--out`, or `generated/<file name>` under the current folder. */
  readonly outDir: string;
  /** What was generated: `--target`, else what the folder's manifest records, else `nixos`. */
  readonly target: Target;
}

/** The target the manifest of `outDir` records; a missing or unreadable one (the writer reports it) says nothing. */
function recordedTarget(outDir: string): Target | undefined {
  try {
    const target = readManifest(outDir)?.target;
    return target === "nixos" || target === "libvirt" ? target : undefined;
  } catch {
    return undefined;
  }
}

/** Default output folder for a topology file. */
export const defaultOutDir = (file: string, cwd = process.cwd()): string =>
  resolve(cwd, "generated", basename(file, extname(file)));

/**
 * Load, validate and generate; throws `LoadError` or `TopologyError` (with every problem) and writes nothing.
 * Without a target, a folder generated before is generated again for the target it was generated for.
 *
 * @example
 * const { files, outDir } = synthesize("examples/sccm.ts");
 */
export function synthesize(file: string, opts: { out?: string; target?: Target; cwd?: string } = {}): Synthesis {
  const cwd = opts.cwd ?? process.cwd();
  const topologyFile = resolve(cwd, file);
  const lab = loadTopology(topologyFile);
  const built = buildModel(lab, topologyFile, projectRoot(topologyFile));
  if (!built.ok) throw new TopologyError(built.diagnostics);
  const missing = missingHostModules(built.model);
  if (missing.length > 0) throw new TopologyError([...missing, ...built.warnings]);
  const outDir = opts.out ? resolve(cwd, opts.out) : defaultOutDir(file, cwd);
  const target = opts.target ?? recordedTarget(outDir) ?? "nixos";
  return { model: built.model, warnings: built.warnings, files: generateAll(built.model, { target, outDir }), outDir, target };
}
