/**
 * Adds topology.svg to a synthesis. Laying out loads Graphviz (~100 ms), so an SVG already in the
 * output folder is kept when it was laid out from the same DOT source by the same homelab-gen
 * version (the hash in its header says) and is still what the manifest recorded (not edited by
 * hand): a generate that changes nothing stays as fast as one without diagrams.
 */
import { DIAGRAM_SVG, type DiagramSource } from "../generators/diagram/index.js";
import { mergeFiles } from "../generators/output.js";
import { graphvizVersion, layoutSvg } from "../layout/index.js";
import { svgFile, svgSourceHash } from "../syntax/svg/index.js";
import { readManifest, sha256 } from "../writer/manifest.js";
import { inspect } from "../writer/plan.js";
import type { Synthesis } from "./pipeline.js";
import { VERSION } from "./version.js";

/** What an SVG was laid out from: the DOT source, and the versions of homelab-gen and of the Graphviz package. */
export const diagramSourceHash = (dot: string): string => sha256(`homelab-gen ${VERSION}\n@hpcc-js/wasm-graphviz ${graphvizVersion()}\n${dot}`);

/** The topology.svg in the output folder, when it can stand for a new layout of `hash`. */
function reusableSvg(outDir: string, hash: string): string | undefined {
  try {
    const disk = inspect(outDir, DIAGRAM_SVG);
    if (disk.kind !== "file") return undefined;
    const text = disk.bytes.toString("utf8");
    if (svgSourceHash(text) !== hash) return undefined;
    return readManifest(outDir)?.files[DIAGRAM_SVG]?.sha256 === sha256(disk.bytes) ? text : undefined;
  } catch {
    return undefined; // an unreadable folder or a broken manifest is the writer's to report
  }
}

/**
 * The SVG text of a diagram: Graphviz's layout with the generated-file header.
 *
 * @example
 * const svg = await diagramSvg(synthesis.diagram!);
 */
export async function diagramSvg(source: DiagramSource): Promise<string> {
  const { svg, version } = await layoutSvg(source.dot);
  return svgFile(svg, source.header, version, diagramSourceHash(source.dot));
}

/**
 * Throws unless the synthesis holds topology.svg (or has diagrams off): a command that wrote or
 * compared a `synthesize` result directly would remove the diagram from the folder.
 */
export function assertDiagramLaidOut(synthesis: Synthesis): void {
  if (synthesis.diagram !== undefined && !synthesis.files.has(DIAGRAM_SVG)) {
    throw new Error(`${DIAGRAM_SVG} is missing from the files to write: commands take synthesizeAll(), not synthesize()`);
  }
}

/**
 * The synthesis with topology.svg among its files (unchanged when diagrams are off).
 *
 * @example
 * writeGenerated(await withDiagramSvg(synthesize("examples/sccm.ts")), { force: false });
 */
export async function withDiagramSvg(synthesis: Synthesis): Promise<Synthesis> {
  const source = synthesis.diagram;
  if (source === undefined) return synthesis;
  const svg = reusableSvg(synthesis.outDir, diagramSourceHash(source.dot)) ?? (await diagramSvg(source));
  return { ...synthesis, files: mergeFiles(synthesis.files, new Map([[DIAGRAM_SVG, svg]])) };
}
