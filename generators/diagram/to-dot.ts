/** Diagram -> Graphviz DOT: host boxes as clusters, kinds as colours and shapes, a legend. */
import { edge, h, html, node, subgraph, type DotGraph, type DotStatement, type HtmlNode } from "../../syntax/dot/index.js";
import type { Diagram, DiagramBox, DiagramEdge, DiagramNode } from "./diagram.js";
import { HOST_STYLE, KIND_STYLES, type DiagramKind } from "./style.js";

const FONT = "Helvetica";

/** Title in bold, details below in a smaller size, one per line. */
function textLines(title: string, lines: readonly string[]): HtmlNode[] {
  const details = lines.flatMap((l) => [h("BR"), h("FONT", { "POINT-SIZE": 11 }, [l])]);
  return [h("B", {}, [title]), ...details];
}

const kindAttrs = (kind: DiagramKind) => {
  const s = KIND_STYLES[kind];
  return { shape: s.dotShape, style: s.dotStyle, fillcolor: s.fill, color: s.stroke };
};

const dotNode = (n: DiagramNode): DotStatement => node(n.id, { label: html(...textLines(n.title, n.lines)), ...kindAttrs(n.kind) });

const dotEdge = (e: DiagramEdge): DotStatement =>
  edge(e.from, e.to, {
    ...(e.lines.length > 0 && { label: html(h("FONT", { "POINT-SIZE": 10 }, e.lines.flatMap((l, i) => (i === 0 ? [e.strong ? h("B", {}, [l]) : l] : [h("BR"), l])))) }),
    ...(!e.arrow && { dir: "none" }),
    ...(e.faint && { style: "dashed", color: "#bdbdbd" }),
  });

/**
 * Nodes in reverse declaration order: with rankdir=LR, Graphviz stacks the nodes of a rank from the
 * bottom up in the order it meets them, so this reads top-down in the order of the topology file.
 */
const dotNodes = (nodes: readonly DiagramNode[]): DotStatement[] => [...nodes].reverse().map(dotNode);

// Titles on the left, over the first rank: Graphviz does not keep edge labels off cluster labels,
// and a NIC's line to a network outside the box has its label mid-way, where a centred title sits.
const hostAttrs = (b: DiagramBox) => ({ label: html(...textLines(b.title, b.lines)), labeljust: "l", style: "rounded,filled", fillcolor: HOST_STYLE.fill, color: HOST_STYLE.stroke });

/** A host with things on it is a cluster around them; Graphviz draws no empty cluster, so an idle host is a node. */
const cluster = (b: DiagramBox): DotStatement =>
  b.nodes.length === 0 ? node(b.id, { shape: "box", ...hostAttrs(b) }) : subgraph(`cluster/${b.id}`, hostAttrs(b), dotNodes(b.nodes));

/** One compact node: a swatch in each kind's colours, and what it means. */
function legend(kinds: readonly DiagramKind[]): DotStatement {
  const row = (k: DiagramKind) =>
    h("TR", {}, [h("TD", { BGCOLOR: KIND_STYLES[k].fill, COLOR: KIND_STYLES[k].stroke, BORDER: 1, WIDTH: 18 }, [" "]), h("TD", { ALIGN: "LEFT" }, [KIND_STYLES[k].legend])]);
  const table = h("TABLE", { BORDER: 0, CELLSPACING: 4, CELLPADDING: 2 }, [h("TR", {}, [h("TD", { COLSPAN: 2, ALIGN: "LEFT" }, [h("B", {}, ["Legend"])])]), ...kinds.map(row)]);
  return node("legend", { shape: "box", style: "dashed", color: HOST_STYLE.stroke, margin: 0, fontsize: 11, label: html(table) });
}

/**
 * The DOT graph of a diagram.
 *
 * @example
 * printDot(header, diagramDot(diagramOf(model)))
 */
export function diagramDot(d: Diagram): DotGraph {
  return {
    directed: true,
    id: d.name,
    graph: { rankdir: "LR", fontname: FONT, fontsize: 13, nodesep: 0.25, ranksep: 0.7, newrank: true, bgcolor: "white", pad: 0.2 },
    node: { fontname: FONT, fontsize: 13, margin: "0.15,0.06" },
    edge: { fontname: FONT, fontsize: 10, color: "#616161", fontcolor: "#37474f" },
    body: [...d.boxes.map(cluster), ...dotNodes(d.nodes), ...d.edges.map(dotEdge), ...(d.legend.length > 0 ? [legend(d.legend)] : [])],
  };
}
