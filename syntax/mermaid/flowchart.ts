/**
 * Mermaid flowchart tree and printer: the only place Mermaid text is produced. One statement per
 * line, subgraphs indented; labels and ids escaped by escape.ts. test/mermaid.property.test.ts
 * parses and renders the output with Mermaid itself (in headless Chromium).
 */
import { mermaidComment, mermaidId, mermaidText } from "./escape.js";

/** Node shapes, by Mermaid's bracket syntax. */
export type MermaidShape = "box" | "round" | "stadium" | "cylinder" | "hexagon" | "subroutine" | "parallelogram";

const BRACKETS: Record<MermaidShape, readonly [string, string]> = {
  box: ["[", "]"],
  round: ["(", ")"],
  stadium: ["([", "])"],
  cylinder: ["[(", ")]"],
  hexagon: ["{{", "}}"],
  subroutine: ["[[", "]]"],
  parallelogram: ["[/", "/]"],
};

/** A node: label lines are joined with line breaks. */
export interface MermaidNode {
  readonly kind: "node";
  readonly id: string;
  readonly shape: MermaidShape;
  readonly lines: readonly string[];
  /** A `classDef` name. */
  readonly className?: string;
}

/** A link; `arrow`: `-->`, else `---`; `dotted`: `-.-` style. */
export interface MermaidEdge {
  readonly kind: "edge";
  readonly from: string;
  readonly to: string;
  readonly lines: readonly string[];
  readonly arrow: boolean;
  readonly dotted: boolean;
}

export interface MermaidSubgraph {
  readonly kind: "subgraph";
  readonly id: string;
  readonly title: readonly string[];
  readonly body: readonly MermaidStatement[];
}

export type MermaidStatement = MermaidNode | MermaidEdge | MermaidSubgraph;

/** A class: fill, stroke and text colours (`#rrggbb`), optionally a dashed border. */
export interface MermaidClass {
  readonly name: string;
  readonly fill: string;
  readonly stroke: string;
  readonly color: string;
  readonly dashed?: boolean;
}

export interface Flowchart {
  readonly direction: "LR" | "TB";
  readonly body: readonly MermaidStatement[];
  readonly classes: readonly MermaidClass[];
}

const COLOUR = /^#[0-9a-f]{6}$/;

/** A quoted label; Mermaid refuses `""`, so an empty one is a space. */
function label(lines: readonly string[]): string {
  const text = lines.map(mermaidText).join("<br>");
  return `"${text === "" ? " " : text}"`;
}

function printStatement(s: MermaidStatement, depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  switch (s.kind) {
    case "node": {
      const [open, close] = BRACKETS[s.shape];
      out.push(`${pad}${mermaidId(s.id)}${open}${label(s.lines)}${close}${s.className === undefined ? "" : `:::${mermaidId(s.className)}`}`);
      return;
    }
    case "edge": {
      const link = s.dotted ? (s.arrow ? "-.->" : "-.-") : s.arrow ? "-->" : "---";
      // Mermaid places a blank edge label at NaN (a console error in the browser): none is written.
      const text = s.lines.every((l) => l.trim() === "") ? "" : `|${label(s.lines)}|`;
      out.push(`${pad}${mermaidId(s.from)} ${link}${text} ${mermaidId(s.to)}`);
      return;
    }
    case "subgraph":
      out.push(`${pad}subgraph ${mermaidId(s.id)} [${label(s.title)}]`);
      for (const child of s.body) printStatement(child, depth + 1, out);
      out.push(`${pad}end`);
      return;
  }
}

function printClass(c: MermaidClass): string {
  for (const colour of [c.fill, c.stroke, c.color]) if (!COLOUR.test(colour)) throw new Error(`Mermaid colour ${JSON.stringify(colour)} is not #rrggbb`);
  return `  classDef ${mermaidId(c.name)} fill:${c.fill},stroke:${c.stroke},color:${c.color}${c.dashed ? ",stroke-dasharray:4 3" : ""}`;
}

/**
 * Prints a flowchart after `%%` comment lines (a file header).
 *
 * @example
 * printFlowchart(["Generated."], { direction: "LR", classes: [], body: [{ kind: "node", id: "a", shape: "box", lines: ["A"] }] })
 */
export function printFlowchart(comments: readonly string[], chart: Flowchart): string {
  const out = comments.map((c) => `%% ${mermaidComment(c)}`);
  out.push(`flowchart ${chart.direction}`);
  for (const s of chart.body) printStatement(s, 1, out);
  for (const c of chart.classes) out.push(printClass(c));
  return out.join("\n") + "\n";
}
