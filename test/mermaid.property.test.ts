// Functions passed to page.evaluate run in Chromium: DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fc from "fast-check";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mermaidComment, mermaidId, mermaidText, printFlowchart, type MermaidStatement } from "../syntax/mermaid/index.js";
import { launchChromium, mermaidPage, type Browser } from "./support/browser.js";

// Mermaid's parser needs a DOM (DOMPurify), so it runs where Mermaid is meant to run: in Chromium,
// from the npm package's own browser bundle. Samples are batched into one chart per run.
const BATCH = 30;
const fcOpts = { numRuns: 8, endOnFailure: true } as const;

const tricky = fc.constantFrom(
  '"', "'", "`", "#", "#quot;", "#35;", ";", "&", "&amp;", "<", ">", "<script>alert(1)</script>", "<br>", "<b>x</b>", "[", "]", "(", ")", "{", "}", "|", "-->", "---", "==>",
  "·", "–", "→", "%%", "%%{init: {}}%%", "style", "classDef", "style:#f00;", "classDef x fill:#f00;", "end", "subgraph", "graph", "style", "classDef", ":::", "\\", "\n", "\t", " ", "é", "\u{1F600}", "**bold**", "_x_", "fa:fa-car", "A-->B",
);
const piece = fc.oneof({ weight: 3, arbitrary: tricky }, { weight: 2, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) });
const text = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(""));

/** What a person sees: HTML collapses whitespace. */
const seen = (s: string): string => s.replace(/[\s\u00a0]+/g, " ").trim();

interface Rendered {
  readonly error?: string;
  /** Text of each node, by its Mermaid id. */
  readonly labels: Record<string, string>;
  readonly edgeLabels: string[];
  readonly clusterLabels: string[];
  readonly scripts: number;
}

/** Parses and renders a chart with Mermaid in the page. */
async function render(page: Page, chart: string, ids: readonly string[]): Promise<Rendered> {
  return page.evaluate(
    async ({ chart, ids }) => {
      const mermaid = (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      try {
        await mermaid.parse(chart);
        const { svg } = await mermaid.render("chart", chart);
        const host = document.createElement("div");
        host.innerHTML = svg;
        const labels: Record<string, string> = {};
        for (const id of ids) labels[id] = host.querySelector(`g.node[id*="flowchart-${id}-"]`)?.textContent ?? "(missing)";
        const texts = (sel: string) => [...host.querySelectorAll(sel)].map((e) => e.textContent ?? "");
        return { labels, edgeLabels: texts(".edgeLabel"), clusterLabels: texts(".cluster-label"), scripts: host.querySelectorAll("script").length };
      } catch (error) {
        return { error: String(error), labels: {}, edgeLabels: [], clusterLabels: [], scripts: 0 };
      }
    },
    { chart, ids },
  );
}

describe("Mermaid printer against Mermaid itself (npm package, in headless Chromium)", () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    browser = await launchChromium();
    ({ page, errors } = await mermaidPage(browser));
  });
  afterAll(async () => browser?.close());

  it("label text of nodes, edges and subgraphs renders as the same text; no markup gets through", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: BATCH, maxLength: BATCH }), text, text, async (labels, edgeLabel, title) => {
        const nodes: MermaidStatement[] = labels.map((l, i) => ({ kind: "node", id: `s${i}`, shape: i % 2 ? "round" : "box", lines: [l] }));
        const body: MermaidStatement[] = [
          { kind: "subgraph", id: "box", title: [title], body: nodes.slice(0, 5) },
          ...nodes.slice(5),
          { kind: "edge", from: "s0", to: "s5", lines: [edgeLabel], arrow: true, dotted: false },
        ];
        const r = await render(page, printFlowchart([], { direction: "LR", classes: [], body }), labels.map((_, i) => mermaidId(`s${i}`)));
        expect(r.error).toBeUndefined();
        const bad = labels.findIndex((l, i) => seen(r.labels[mermaidId(`s${i}`)]!) !== seen(l));
        expect(bad < 0 ? undefined : `wrote ${JSON.stringify(labels[bad])}, rendered ${JSON.stringify(r.labels[mermaidId(`s${bad}`)])}`).toBeUndefined();
        if (edgeLabel.trim() !== "") expect(r.edgeLabels.map(seen)).toContain(seen(edgeLabel));
        expect(r.clusterLabels.map(seen)).toContain(seen(title));
        expect(r.scripts).toBe(0);
        expect(errors).toEqual([]);
      }),
      fcOpts,
    );
  });

  it("any strings as ids give one node each, and comments stay comments", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(text, { minLength: BATCH, maxLength: BATCH }), fc.array(text, { maxLength: 5 }), async (ids, comments) => {
        const body: MermaidStatement[] = [
          ...ids.map((id): MermaidStatement => ({ kind: "node", id, shape: "box", lines: ["x"] })),
          ...ids.slice(1).map((id, i): MermaidStatement => ({ kind: "edge", from: ids[i]!, to: id, lines: [], arrow: false, dotted: i % 2 === 0 })),
        ];
        const r = await render(page, printFlowchart(comments, { direction: "TB", classes: [{ name: "k", fill: "#ffffff", stroke: "#000000", color: "#000000" }], body }), ids.map(mermaidId));
        expect(r.error).toBeUndefined();
        expect(Object.values(r.labels).filter((l) => l === "x")).toHaveLength(ids.length);
      }),
      fcOpts,
    );
  });

  it("escapes are character references; ids are words that are never keywords", () => {
    expect(mermaidText('a&b "c" <script>')).toBe("a#38;b #34;c#34; #60;script#62;");
    expect(mermaidId("end")).toBe("nend");
    expect(mermaidId("vm/a_b")).toBe("nvm_2f_a__b");
    expect(mermaidComment("{init}\nx %%{init}%%")).toBe(" {init} x % %{init}% %");
    expect(mermaidText("style: #")).toBe("#115;tyle: #35;");
    expect(mermaidId("a/classDef")).toBe("na_2f__63_lassDef");
  });
});
