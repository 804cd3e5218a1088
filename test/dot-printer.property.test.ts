import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutSvg } from "../layout/index.js";
import { decodeDotId, dotId, edge, h, html, node, printDot, subgraph, type DotGraph } from "../syntax/dot/index.js";
import { SEP, wellFormed, xpathStrings } from "./support/xml.js";

// Samples are batched into one graph per run: one Graphviz layout and one xmllint run check many.
const BATCH = 60;
const fcOpts = { numRuns: 10, endOnFailure: true } as const;

/** Pieces that break naive DOT and XML escapers. */
const tricky = fc.constantFrom(
  '"', "\\", "\\\\", "\\N", "\\G", "\\l", "\\n", "&", "&amp;", "&lt;", "&#65;", "<", ">", "<script>", "</TD>", "<BR/>", "{", "}", "[", "]", ";", ",", "=",
  "->", "--", "//", "/*", "*/", "#", "%", "%41", ":", "subgraph", "node", "edge", "graph", "strict", " ", "  ", "\t", "\n", "\r", "\u00a0", "é", "\u{1F600}", "\u0001", "\uFFFE", "'",
);
const piece = fc.oneof({ weight: 3, arbitrary: tricky }, { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 5 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join("")).filter((s) => !s.includes(SEP));

const graph = (body: DotGraph["body"]): DotGraph => ({ directed: true, id: "g", graph: {}, node: { shape: "box" }, edge: {}, body });

/** What Graphviz should show for label text: controls as the escaper documents them, spaces as spaces. */
const shown = (s: string): string =>
  [...s]
    .map((ch) => (/[\t\n\r]/.test(ch) ? " " : /[\u0000-\u001f\uFFFE\uFFFF]|^[\uD800-\uDFFF]$/.test(ch) ? "\uFFFD" : ch))
    .join("")
    .replace(/\u00a0/g, " ");

function writeTemp(name: string, contents: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "hlg-dot-")), name);
  writeFileSync(file, contents);
  return file;
}

describe("DOT printer against Graphviz's own parser (wasm)", () => {
  it("any strings as node ids, in clusters and on edges, read back unchanged and distinct", async () => {
    const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
    const gv = await Graphviz.load();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(text, { minLength: BATCH, maxLength: BATCH }), async (ids) => {
        const body = [subgraph(`cluster/${ids[0]}`, { label: html(ids[0]!) }, ids.slice(0, 10).map((id) => node(id))), ...ids.slice(10).map((id) => node(id)), edge(ids[0]!, ids[1]!)];
        const json = JSON.parse(gv.dot(printDot(ids.slice(0, 3), graph(body)), "json")) as { objects: { name: string; nodes?: unknown }[] };
        const names = json.objects.filter((o) => o.nodes === undefined).map((o) => decodeDotId(o.name));
        expect(names.sort()).toEqual([...ids].sort());
      }),
      fcOpts,
    );
  });

  it("HTML-like label text shows in the SVG exactly (escaped in, escaped out), with no markup getting through", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: BATCH, maxLength: BATCH }), async (labels) => {
        const body = labels.map((l, i) => node(`n${i}`, { label: html(h("B", {}, [l])) }));
        const { svg } = await layoutSvg(printDot([], graph(body)));
        const file = writeTemp("g.svg", svg);
        expect(wellFormed(file).ok).toBe(true);
        const read = xpathStrings(file, labels.map((_, i) => `//*[local-name()='g'][@id='node${i + 1}']/*[local-name()='text']`));
        const bad = labels.findIndex((l, i) => shown(l) !== read[i]!.replace(/\u00a0/g, " "));
        expect(bad < 0 ? undefined : { wrote: labels[bad], read: read[bad] }).toBeUndefined();
        expect(xpathStrings(file, ["count(//*[local-name()='script'])"])).toEqual(["0"]);
      }),
      fcOpts,
    );
  });

  it("comment lines cannot end the comment", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(text, fc.constantFrom("\u0000", "a\u0000b", "\\", "x\\\n")), { minLength: 1, maxLength: 20 }), async (comments) => {
        const { svg } = await layoutSvg(printDot(comments, graph([node("only")])));
        expect(svg.match(/class="node"/g)).toHaveLength(1);
      }),
      fcOpts,
    );
  });

  it("ids are quoted words; attributes take only plain values (text belongs in labels)", () => {
    expect(dotId('a "b"\\')).toBe('"a~20;~22;b~22;~5c;"');
    expect(decodeDotId("a~20;~22;b~22;~5c;")).toBe('a "b"\\');
    expect(() => printDot([], graph([node("a", { color: 'red" label="x' })]))).toThrow(/plain words/);
    expect(() => printDot([], graph([node("a", { "bad name": 1 })]))).toThrow(/attribute name/);
  });
});
