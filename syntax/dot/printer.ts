/**
 * DOT printer: the only place DOT text is produced. One statement per line, two-space indent,
 * attributes in the order given, a final newline.
 *
 * - Ids: any string. Characters outside `[A-Za-z0-9_./-]` are written `~<hex code point>;` (cgraph reads a leading `%` as its own anonymous name), so the
 *   quoted id never holds a quote or backslash (DOT cannot write a trailing backslash) and distinct
 *   ids stay distinct. `decodeDotId` reverses it.
 * - Attribute names are words; values are plain words or numbers (checked) or HTML-like labels.
 * - Comments: `//` lines; control characters and line breaks inside them become spaces.
 *
 * test/dot-printer.property.test.ts checks ids and labels against Graphviz's own parser (wasm).
 */
import type { DotAttrs, DotGraph, DotStatement, DotValue } from "./ast.js";
import { printHtmlLabel } from "./html.js";

const ID_SAFE = /[A-Za-z0-9_./-]/;

/** The quoted DOT form of an id. Example: `dotId("vm/a b")` returns `"vm/a~20;b"`. */
export function dotId(id: string): string {
  let out = "";
  for (const ch of id) out += ID_SAFE.test(ch) ? ch : `~${ch.codePointAt(0)!.toString(16)};`;
  return `"${out}"`;
}

/** The id a Graphviz node name (as in its JSON output) was printed from. */
export const decodeDotId = (name: string): string => name.replace(/~([0-9a-f]+);/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));

const ATTR_NAME = /^[a-z][a-zA-Z_]*$/;
// Colours (#rrggbb), shapes, styles, font lists, sizes: never user text.
const PLAIN = /^[A-Za-z0-9 #,.:;_+-]*$/;

function printValue(name: string, value: DotValue): string {
  if (typeof value === "object") return printHtmlLabel(value);
  const text = String(value);
  if (!PLAIN.test(text)) throw new Error(`DOT attribute ${name}=${JSON.stringify(text)}: only plain words go in attributes; put text in an HTML-like label`);
  return `"${text}"`;
}

function printAttrs(attrs: DotAttrs): string {
  const parts = Object.entries(attrs).map(([name, value]) => {
    if (!ATTR_NAME.test(name)) throw new Error(`invalid DOT attribute name ${JSON.stringify(name)}`);
    return `${name}=${printValue(name, value)}`;
  });
  return parts.length === 0 ? "" : ` [${parts.join(", ")}]`;
}

function printStatement(s: DotStatement, directed: boolean, depth: number, lines: string[]): void {
  const pad = "  ".repeat(depth);
  switch (s.kind) {
    case "node":
      lines.push(`${pad}${dotId(s.id)}${printAttrs(s.attrs)};`);
      return;
    case "edge":
      lines.push(`${pad}${dotId(s.from)} ${directed ? "->" : "--"} ${dotId(s.to)}${printAttrs(s.attrs)};`);
      return;
    case "subgraph":
      lines.push(`${pad}subgraph ${dotId(s.id)} {`);
      for (const [name, value] of Object.entries(s.attrs)) lines.push(`${pad}  ${name}=${printValue(name, value)};`);
      for (const child of s.body) printStatement(child, directed, depth + 1, lines);
      lines.push(`${pad}}`);
      return;
  }
}

/**
 * Prints a graph, after `//` comment lines (a file header).
 *
 * @example
 * printDot(["Generated."], { directed: false, id: "lab", graph: {}, node: { shape: "box" }, edge: {}, body: [node("a")] })
 */
export function printDot(comments: readonly string[], graph: DotGraph): string {
  // Graphviz reads its input as a C string (a NUL would end it) and ends a comment at a line break.
  const lines = comments.map((c) => `// ${c.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, " ")}`);
  lines.push(`${graph.directed ? "digraph" : "graph"} ${dotId(graph.id)} {`);
  for (const [what, attrs] of [["graph", graph.graph], ["node", graph.node], ["edge", graph.edge]] as const) {
    if (Object.keys(attrs).length > 0) lines.push(`  ${what}${printAttrs(attrs)};`);
  }
  for (const s of graph.body) printStatement(s, graph.directed, 1, lines);
  lines.push("}");
  return lines.join("\n") + "\n";
}
