import { basename, extname, resolve } from "node:path";
import { generateAll, type Target } from "../generators/index.js";
import type { GeneratedFiles } from "../generators/output.js";
import { buildModel } from "../model/build.js";
import { TopologyError, type Diagnostic } from "../model/diagnostic.js";
import type { Model } from "../model/model.js";
import { loadTopology } from "./load.js";

/** A topology loaded, validated and generated: everything before the writer. */
export interface Synthesis {
  readonly model: Model;
  readonly files: GeneratedFiles;
  /** Diagnostics that did not stop generation. */
  readonly warnings: readonly Diagnostic[];
  /** The output folder: `--out`, or `generated/<file name>` under the current folder. */
  readonly outDir: string;
}

/** Default output folder for a topology file. */
export const defaultOutDir = (file: string, cwd = process.cwd()): string =>
  resolve(cwd, "generated", basename(file, extname(file)));

/**
 * Load, validate and generate; throws `LoadError` or `TopologyError` (with every problem) and writes nothing.
 *
 * @example
 * const { files, outDir } = synthesize("examples/sccm.ts");
 */
export function synthesize(file: string, opts: { out?: string; target?: Target; cwd?: string } = {}): Synthesis {
  const cwd = opts.cwd ?? process.cwd();
  const lab = loadTopology(resolve(cwd, file));
  const built = buildModel(lab, resolve(cwd, file), cwd);
  if (!built.ok) throw new TopologyError(built.diagnostics);
  const outDir = opts.out ? resolve(cwd, opts.out) : defaultOutDir(file, cwd);
  return { model: built.model, warnings: built.warnings, files: generateAll(built.model, { target: opts.target ?? "nixos", outDir }), outDir };
}
