/**
 * DOT graph tree: what generators build and `printDot` (printer.ts) turns into Graphviz's language.
 *
 * Node ids are any strings (the printer encodes them); visible text goes in HTML-like labels
 * (html.ts); other attribute values are the generator's own words (colours, shapes, numbers) and
 * are checked to be plain.
 */
import type { HtmlLabel } from "./html.js";

/** An attribute value: a plain word or number, or an HTML-like label. */
export type DotValue = string | number | boolean | HtmlLabel;

export type DotAttrs = Readonly<Record<string, DotValue>>;

/** `id [attrs]`. */
export interface DotNode {
  readonly kind: "node";
  readonly id: string;
  readonly attrs: DotAttrs;
}

/** `from -> to [attrs]` (`--` in an undirected graph). */
export interface DotEdge {
  readonly kind: "edge";
  readonly from: string;
  readonly to: string;
  readonly attrs: DotAttrs;
}

/** `subgraph id { attrs; body }`; an id starting with `cluster` draws a box around the body. */
export interface DotSubgraph {
  readonly kind: "subgraph";
  readonly id: string;
  readonly attrs: DotAttrs;
  readonly body: readonly DotStatement[];
}

export type DotStatement = DotNode | DotEdge | DotSubgraph;

/** A whole graph with default attributes for the graph, nodes and edges. */
export interface DotGraph {
  readonly directed: boolean;
  readonly id: string;
  readonly graph: DotAttrs;
  readonly node: DotAttrs;
  readonly edge: DotAttrs;
  readonly body: readonly DotStatement[];
}

export const node = (id: string, attrs: DotAttrs = {}): DotNode => ({ kind: "node", id, attrs });
export const edge = (from: string, to: string, attrs: DotAttrs = {}): DotEdge => ({ kind: "edge", from, to, attrs });
export const subgraph = (id: string, attrs: DotAttrs, body: readonly DotStatement[]): DotSubgraph => ({ kind: "subgraph", id, attrs, body });
