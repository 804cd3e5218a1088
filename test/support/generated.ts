import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { synthesize, type Synthesis } from "../../cli/pipeline.js";

/** The repository root (tests run from anywhere). */
export const ROOT = resolve(import.meta.dirname, "../..");

/** Synthesize an example the way `npx homelab-gen examples/NAME.ts` does from the repo root. */
export const synthExample = (name: string): Synthesis => synthesize(`examples/${name}.ts`, { cwd: ROOT });

/** Write a file map into a fresh temp folder; returns the folder. */
export function writeTemp(files: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-out-"));
  for (const [rel, contents] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), contents);
  }
  return dir;
}

/** Nix string literal of a path, for building test expressions (paths here are plain temp paths). */
export const nixStr = (s: string): string => JSON.stringify(s).replace(/\$/g, "\\$");
