import { writeFileSync } from "node:fs";
import { DIAGRAM_MERMAID } from "../../generators/diagram/index.js";
import { rasterize } from "../../layout/index.js";
import { SetupFailure, UsageFailure } from "../../realize/failure.js";
import { diagramSvg } from "../diagram-svg.js";
import { EXIT } from "../exit.js";
import { synthesize } from "../pipeline.js";
import { reportWarnings } from "../warnings.js";

/** Formats of `homelab-gen graph`. */
export const GRAPH_FORMATS = ["svg", "mermaid", "dot", "png"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Options of `homelab-gen graph`. */
export interface GraphOptions {
  readonly format?: GraphFormat;
  /** A file, or `-` for stdout (the default). */
  readonly output?: string;
}

/** The diagram in one format: text, or PNG bytes. */
async function render(file: string, format: GraphFormat): Promise<string | Uint8Array> {
  const { files, diagram, warnings } = synthesize(file);
  reportWarnings(warnings);
  if (format === "mermaid") return files.get(DIAGRAM_MERMAID)!;
  if (format === "dot") return diagram!.dot;
  const svg = await diagramSvg(diagram!);
  return format === "svg" ? svg : rasterize(svg);
}

/**
 * `homelab-gen graph FILE [--format F] [-o PATH]`: the topology diagram in one format, to a file or
 * stdout, outside the generated folder and its manifest.
 */
export async function graphCommand(file: string, opts: GraphOptions): Promise<number> {
  const format = opts.format ?? "svg";
  const output = opts.output ?? "-";
  if (output === "-" && format === "png" && process.stdout.isTTY) throw new UsageFailure("a PNG on a terminal is unreadable: give -o FILE.png (or redirect stdout)");
  const data = await render(file, format);
  if (output === "-") {
    process.stdout.write(data);
    return EXIT.ok;
  }
  try {
    writeFileSync(output, data);
  } catch (error) {
    throw new SetupFailure(`cannot write ${output}: ${(error as Error).message}`);
  }
  return EXIT.ok;
}
