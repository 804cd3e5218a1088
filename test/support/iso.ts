/**
 * Reading ISOs back with the real xorriso (Debian package xorriso): volume label, file names as
 * Rock Ridge (Linux, cloud-init) or Joliet (Windows) shows them, and the files themselves.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "./nix.js";

function xorriso(args: readonly string[]): string {
  requireTool("xorriso");
  const r = spawnSync("xorriso", args, { encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`xorriso ${args.join(" ")} failed (exit ${String(r.status)}):\n${r.stderr}`);
  return `${r.stdout}\n${r.stderr}`;
}

/** The volume ID from the primary volume descriptor. */
export const isoLabel = (iso: string): string => /^Volume Id\s*:\s*(.*)$/m.exec(xorriso(["-indev", iso, "-pvd_info"]))![1]!.trim();

/** Files (not directories) in the ISO, sorted, as Rock Ridge (`"rr"`) or Joliet (`"joliet"`) names them. */
export function isoFiles(iso: string, tree: "rr" | "joliet"): string[] {
  const opts = tree === "rr" ? [] : ["-rockridge", "off", "-joliet", "on"];
  return [...xorriso([...opts, "-indev", iso, "-find", "/", "-type", "f"]).matchAll(/^'\/(.*)'$/gm)].map((m) => m[1]!).sort();
}

/** Extracts the whole ISO into a fresh folder; returns it. */
export function extractIso(iso: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "hlg-iso-")), "root");
  xorriso(["-osirrox", "on", "-indev", iso, "-extract", "/", dir]);
  return dir;
}
