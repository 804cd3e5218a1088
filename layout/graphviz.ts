/**
 * Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): DOT in, SVG out. Imported on first
 * use only: its 800 KB module and the wasm compile cost ~100 ms, which a generate that changes no
 * diagram never pays (scripts/bundle.mjs keeps the package out of the CLI bundle).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Graphviz } from "@hpcc-js/wasm-graphviz";

const PACKAGE = "@hpcc-js/wasm-graphviz";

/**
 * The installed package's version, read from its package.json without loading it: part of what an
 * SVG was laid out with, so upgrading Graphviz lays diagrams out again.
 */
export function graphvizVersion(): string {
  const entry = createRequire(import.meta.url).resolve(PACKAGE); // <package>/dist/index.js
  return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
}

let loading: Promise<Graphviz> | undefined;

const graphviz = (): Promise<Graphviz> => (loading ??= import("@hpcc-js/wasm-graphviz").then(({ Graphviz }) => Graphviz.load()));

/**
 * Lays out a DOT graph with Graphviz's `dot` engine and returns the SVG and Graphviz's version.
 * Throws Graphviz's message when the DOT does not parse.
 *
 * @example
 * const { svg } = await layoutSvg('digraph { a -> b }');
 */
export async function layoutSvg(dot: string): Promise<{ svg: string; version: string }> {
  const gv = await graphviz();
  return { svg: gv.dot(dot, "svg"), version: gv.version() };
}
