/**
 * Headless Chromium (Debian's chromium package) driven by playwright-core, for what a person looks
 * at: SVG diagrams, and Mermaid rendering with Mermaid's own browser bundle. A missing browser
 * fails the test, never skips it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { ROOT } from "./generated.js";
import { requireTool } from "./nix.js";

/** A fresh, private browser profile; closing it removes the profile. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  requireTool("chromium");
  const profile = mkdtempSync(join(tmpdir(), "hlg-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Everything a page reported as wrong: uncaught errors, console errors, dialogs (alert from an injected script). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error: ${m.text()}`);
  });
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return errors;
}

/** A page with Mermaid's browser bundle (the npm package's dist/mermaid.min.js) loaded and initialised. */
export async function mermaidPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.setContent("<!doctype html><html><body></body></html>");
  await page.addScriptTag({ path: join(ROOT, "node_modules/mermaid/dist/mermaid.min.js") });
  await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
  return { page, errors };
}

/** How much of a PNG is drawn: the share of pixels that are not white, and how many colours there are. */
export function inkOf(png: Buffer): { ink: number; colours: number; width: number; height: number } {
  const img = PNG.sync.read(png);
  let drawn = 0;
  const colours = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    if (r < 250 || g < 250 || b < 250) drawn++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { ink: drawn / (img.width * img.height), colours: colours.size, width: img.width, height: img.height };
}
