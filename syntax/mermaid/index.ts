/**
 * Mermaid flowcharts: tree, escaping and printer; the only way the project produces Mermaid.
 * Example: `printFlowchart([], { direction: "LR", classes: [], body: [{ kind: "node", id: "a", shape: "box", lines: ["A"] }] })`.
 */
export * from "./escape.js";
export * from "./flowchart.js";
