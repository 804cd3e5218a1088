/**
 * The topology diagram: `topology.mmd` (Mermaid, rendered inline by GitHub and GitLab) and the DOT
 * source that layout/ turns into `topology.svg`. Pure: the layout engine is not loaded here.
 */
import type { Model } from "../../model/model.js";
import { printDot } from "../../syntax/dot/index.js";
import { printFlowchart } from "../../syntax/mermaid/index.js";
import { headerLines } from "../header.js";
import { diagramOf } from "./scene.js";
import { diagramDot } from "./to-dot.js";
import { diagramMermaid } from "./to-mermaid.js";

/** Where the diagram files go in the output folder. */
export const DIAGRAM_SVG = "topology.svg";
export const DIAGRAM_MERMAID = "topology.mmd";

/** What topology.svg is laid out from: the DOT source, and the header lines the SVG file starts with. */
export interface DiagramSource {
  readonly dot: string;
  readonly header: readonly string[];
}

/**
 * The diagram's DOT source and Mermaid text, each with the generated-file header.
 *
 * @example
 * const { dot, mermaid } = diagramSources(model, { portable: false });
 */
export function diagramSources(model: Model, opts: { portable: boolean }): DiagramSource & { mermaid: string } {
  const header = headerLines(model, opts);
  const diagram = diagramOf(model);
  return { dot: printDot(header, diagramDot(diagram)), mermaid: printFlowchart(header, diagramMermaid(diagram)), header };
}
