/** Diagram -> Mermaid flowchart: host boxes as subgraphs, kinds as classes, a legend. */
import type { Flowchart, MermaidClass, MermaidStatement } from "../../syntax/mermaid/index.js";
import type { Diagram, DiagramNode } from "./diagram.js";
import { KIND_STYLES, type DiagramKind } from "./style.js";

const mermaidNode = (n: DiagramNode): MermaidStatement => ({ kind: "node", id: n.id, shape: KIND_STYLES[n.kind].mermaidShape, lines: [n.title, ...n.lines], className: n.kind });

const legend = (kinds: readonly DiagramKind[]): MermaidStatement => ({
  kind: "subgraph",
  id: "legend",
  title: ["Legend"],
  body: kinds.map((k) => ({ kind: "node", id: `legend/${k}`, shape: KIND_STYLES[k].mermaidShape, lines: [KIND_STYLES[k].legend], className: k })),
});

const kindClass = (k: DiagramKind): MermaidClass => ({ name: k, fill: KIND_STYLES[k].fill, stroke: KIND_STYLES[k].stroke, color: "#000000", ...((k === "vm-group" || k === "container-template") && { dashed: true }) });

/**
 * The Mermaid flowchart of a diagram.
 *
 * @example
 * printFlowchart(header, diagramMermaid(diagramOf(model)))
 */
export function diagramMermaid(d: Diagram): Flowchart {
  return {
    direction: "LR",
    body: [
      // One title line: Mermaid draws a subgraph's second line over its first row of nodes.
      ...d.boxes.map((b): MermaidStatement => ({ kind: "subgraph", id: b.id, title: [[b.title, ...b.lines].join(" · ")], body: b.nodes.map(mermaidNode) })),
      ...d.nodes.map(mermaidNode),
      ...d.edges.map((e): MermaidStatement => ({ kind: "edge", from: e.from, to: e.to, lines: e.lines, arrow: e.arrow, dotted: false })),
      ...(d.legend.length > 0 ? [legend(d.legend)] : []),
    ],
    classes: d.legend.map(kindClass),
  };
}
