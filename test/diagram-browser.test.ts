// Functions passed to page.evaluate run in Chromium: DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLEET_SOURCE, hostileModel, HOSTILE_NET, HOSTILE_VM, svgOf } from "./support/diagram.js";
import { inkOf, launchChromium, mermaidPage, watchErrors, type Browser } from "./support/browser.js";
import { ROOT, synthExample } from "./support/generated.js";
import { build } from "./support/topology.js";

/** Opens an SVG file as the page itself (as a browser shows a linked diagram), screenshots it at 100%. */
async function openSvg(browser: Browser, file: string): Promise<{ page: Page; errors: string[]; png: Buffer; texts: string[] }> {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`file://${file}`);
  const size = await page.evaluate(() => {
    const r = document.documentElement.getBoundingClientRect();
    return { width: Math.ceil(r.width), height: Math.ceil(r.height), root: document.documentElement.localName };
  });
  expect(size.root).toBe("svg"); // an XML error would show Chromium's error page instead
  await page.setViewportSize({ width: size.width, height: size.height });
  const png = await page.screenshot();
  const texts = await page.evaluate(() => [...document.querySelectorAll("text")].map((t) => t.textContent ?? ""));
  return { page, errors, png, texts };
}

/** Renders Mermaid text with Mermaid in the page; the rendered SVG's text, or Mermaid's error. */
async function renderMermaid(page: Page, chart: string): Promise<{ error?: string; text: string; scripts: number }> {
  return page.evaluate(async (chart) => {
    const mermaid = (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
    try {
      await mermaid.parse(chart);
      const { svg } = await mermaid.render(`d${Math.random().toString(36).slice(2)}`, chart);
      const host = document.createElement("div");
      host.innerHTML = svg;
      return { text: host.textContent ?? "", scripts: host.querySelectorAll("script").length };
    } catch (error) {
      return { error: String(error), text: "", scripts: 0 };
    }
  }, chart);
}

describe("diagrams in a real browser (headless Chromium)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it.each(["sccm", "devbox"])("generated/%s/topology.svg loads without errors and draws the lab (not blank)", async (name) => {
    const { errors, png, texts, page } = await openSvg(browser, join(ROOT, "generated", name, "topology.svg"));
    expect(errors).toEqual([]);
    const ink = inkOf(png);
    expect(ink.width).toBeGreaterThan(300);
    expect(ink.ink).toBeGreaterThan(0.05);
    expect(ink.colours).toBeGreaterThan(50); // kind colours and anti-aliased text, not a flat fill
    const { model } = synthExample(name);
    for (const thing of [...model.vms, ...model.containers, ...model.networks]) expect(texts).toContain(thing.name);
    // Readable at 100%: no text is drawn smaller than 10 px.
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll("text")].map((t) => t.getBoundingClientRect().height)));
    expect(smallest).toBeGreaterThanOrEqual(10);
  });

  it.each(["sccm", "devbox"])("generated/%s/topology.mmd parses and renders with Mermaid", async (name) => {
    const { page, errors } = await mermaidPage(browser);
    const r = await renderMermaid(page, readFileSync(join(ROOT, "generated", name, "topology.mmd"), "utf8"));
    expect(r.error).toBeUndefined();
    expect(errors).toEqual([]);
    for (const thing of [...synthExample(name).model.vms, ...synthExample(name).model.containers]) expect(r.text).toContain(thing.name);
  });

  it("several hosts (a bridged network between them, an idle host): the SVG and the Mermaid chart render", async () => {
    const built = build(FLEET_SOURCE);
    if (!built.ok) throw new Error(built.diagnostics[0]!.message);
    const { file, mermaid } = await svgOf(built.model);
    const svg = await openSvg(browser, file);
    expect(svg.errors).toEqual([]);
    expect(inkOf(svg.png).ink).toBeGreaterThan(0.05);
    for (const name of ["alpha", "beta", "spare", "lan", "web", "db"]) expect(svg.texts).toContain(name);
    const m = await mermaidPage(browser);
    const r = await renderMermaid(m.page, mermaid);
    expect(r.error).toBeUndefined();
    expect(m.errors).toEqual([]);
    for (const name of ["alpha", "beta", "spare", "VLAN 20"]) expect(r.text).toContain(name);
  });

  it("a VM named <script> runs nothing and shows as text, in the SVG and in Mermaid", async () => {
    const { file, mermaid } = await svgOf(hostileModel());
    const { errors, texts, page } = await openSvg(browser, file);
    expect(errors).toEqual([]);
    expect(texts).toContain(HOSTILE_VM);
    expect(texts).toContain(HOSTILE_NET);
    expect(await page.evaluate(() => document.querySelectorAll("script").length)).toBe(0);

    const m = await mermaidPage(browser);
    const r = await renderMermaid(m.page, mermaid);
    expect(r.error).toBeUndefined();
    expect(m.errors).toEqual([]);
    expect(r.scripts).toBe(0);
    expect(r.text).toContain(HOSTILE_VM);
    expect(r.text).toContain(HOSTILE_NET);
  });
});
