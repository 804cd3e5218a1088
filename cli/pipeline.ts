import { basename, extname, resolve } from "node:path";
import { generateAll, type Target } from "../generators/index.js";
import { DIAGRAM_MERMAID, diagramSources, type DiagramSource } from "../generators/diagram/index.js";
import { mergeFiles, type GeneratedFiles } from "../generators/output.js";
import { buildModel } from "../model/build.js";
import { TopologyError, type Diagnostic } from "../model/diagnostic.js";
import type { Model } from "../model/model.js";
import { withDiagramSvg } from "./diagram-svg.js";
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
  /**
   * The diagram's DOT source and file header, unless diagrams are off. `files` already holds
   * topology.mmd; topology.svg needs a layout, so `withDiagramSvg` (cli/diagram-svg.ts) adds it.
   */
  readonly diagram?: DiagramSource;
  /** What was generated: `--target`, else what the folder's manifest records, else `nixos`. */
  readonly target: Target;
}

/**
 * What the manifest of `outDir` says was generated there: the target, and whether the diagrams
 * are among the files (not after `--no-diagram`). A missing or unreadable manifest (the writer
 * reports it) says nothing.
 */
function recorded(outDir: string): { readonly target?: Target; readonly diagram?: boolean } {
  try {
    const manifest = readManifest(outDir);
    if (manifest === undefined) return {};
    const { target } = manifest;
    return { ...((target === "nixos" || target === "libvirt") && { target }), diagram: DIAGRAM_MERMAID in manifest.files };
  } catch {
    return {};
  }
}

/** What to synthesize: `--out`, `--target`, `--no-diagram`, and the folder paths are relative to. */
export interface SynthesizeOptions {
  readonly out?: string;
  readonly target?: Target;
  readonly cwd?: string;
  /** Generate topology.mmd and topology.svg (default: as the output folder holds them, else true). */
  readonly diagram?: boolean;
}

/** `--out` and `--diagram` / `--no-diagram` as commands take them, as synthesize options. */
export const outputOptions = (opts: { readonly out?: string; readonly diagram?: boolean }): SynthesizeOptions => ({
  ...(opts.out !== undefined && { out: opts.out }),
  ...(opts.diagram !== undefined && { diagram: opts.diagram }),
});

/** Default output folder for a topology file. */
export const defaultOutDir = (file: string, cwd = process.cwd()): string =>
  resolve(cwd, "generated", basename(file, extname(file)));

/**
 * `synthesize` with topology.svg among the files (laid out, or kept when unchanged): what commands
 * write and compare.
 *
 * @example
 * const { files } = await synthesizeAll("examples/sccm.ts");
 */
export const synthesizeAll = async (file: string, opts: SynthesizeOptions = {}): Promise<Synthesis> => withDiagramSvg(synthesize(file, opts));

/**
 * Load, validate and generate; throws `LoadError` or `TopologyError` (with every problem) and writes nothing.
 * Without a target, a folder generated before is generated again for the target it was generated
 * for, and with or without diagrams as it was.
 *
 * @example
 * const { files, outDir } = synthesize("examples/sccm.ts");
 */
export function synthesize(file: string, opts: SynthesizeOptions = {}): Synthesis {
  const cwd = opts.cwd ?? process.cwd();
  const topologyFile = resolve(cwd, file);
  const lab = loadTopology(topologyFile);
  const built = buildModel(lab, topologyFile, projectRoot(topologyFile));
  if (!built.ok) throw new TopologyError(built.diagnostics);
  const missing = missingHostModules(built.model);
  if (missing.length > 0) throw new TopologyError([...missing, ...built.warnings]);
  const outDir = opts.out ? resolve(cwd, opts.out) : defaultOutDir(file, cwd);
  const before = recorded(outDir);
  const target = opts.target ?? before.target ?? "nixos";
  const files = generateAll(built.model, { target, outDir });
  const synthesis = { model: built.model, warnings: built.warnings, files, outDir, target };
  if (!(opts.diagram ?? before.diagram ?? true)) return synthesis;
  const { mermaid, ...diagram } = diagramSources(built.model, { portable: target === "libvirt" });
  return { ...synthesis, files: mergeFiles(files, new Map([[DIAGRAM_MERMAID, mermaid]])), diagram };
}
