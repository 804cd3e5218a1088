/**
 * Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): DOT in, SVG out. Imported on first
 * use only: its 800 KB module and the wasm compile cost ~100 ms, which a generate that changes no
 * diagram never pays (scripts/bundle.mjs keeps the package out of the CLI bundle).
 */
import type { Graphviz } from "@hpcc-js/wasm-graphviz";

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
