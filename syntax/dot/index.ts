/**
 * Graphviz DOT: graph tree, HTML-like labels and the printer; the only way the project produces DOT.
 * Example: `printDot([], { directed: false, id: "g", graph: {}, node: {}, edge: {}, body: [node("a", { label: html("A") })] })`.
 */
export * from "./ast.js";
export * from "./html.js";
export { decodeDotId, dotId, printDot } from "./printer.js";
