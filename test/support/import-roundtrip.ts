/**
 * Helpers for import round trips: run `homelab-gen import` on a folder of libvirt XML, generate the
 * libvirt target from the topology it wrote, and pair every input definition with the generated one.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { normalizeDomain, normalizeNetwork, normalizePool, normalizeVolume, type VolumePaths } from "../../import/libvirt/normalize.js";
import { parseXml } from "../../syntax/xml/parse.js";
import { printElement, type XmlElement } from "../../syntax/xml/index.js";
import { runCli } from "./cli.js";

/** A folder holding just `file` (for corpus files that must be imported on their own). */
export function folderOf(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-import-in-"));
  copyFileSync(file, join(dir, basename(file)));
  return dir;
}

/** Every `.xml` in a folder and its subfolders (subfolder = pool of the volumes in it). */
export function inputFiles(dir: string): { path: string; pool?: string }[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return readdirSync(path).sort().map((f) => ({ path: join(path, f), pool: entry }));
      return entry.endsWith(".xml") ? [{ path }] : [];
    });
}

/** Import `xmlDir` into a fresh folder, then generate `-t libvirt` from it; fails the test on any non-zero exit. */
export function importAndGenerate(xmlDir: string): { dir: string; topology: string; importOutput: string; libvirtDir: string } {
  const dir = mkdtempSync(join(tmpdir(), "hlg-import-"));
  const topology = join(dir, "lab.ts");
  const imported = runCli(["import", "--xml", xmlDir, "-o", topology]);
  if (imported.code !== 0) throw new Error(`import failed (${imported.code}): ${imported.stderr}`);
  const generated = runCli([topology, "-t", "libvirt", "--out", join(dir, "out")], { cwd: dir });
  if (generated.code !== 0) throw new Error(`generate failed (${generated.code}): ${generated.stderr}\n${readFileSync(topology, "utf8")}`);
  return { dir, topology, importOutput: imported.stdout, libvirtDir: join(dir, "out", "libvirt") };
}

/**
 * What libvirt adds on define when a definition leaves it out, which the generator writes
 * explicitly: taken out of the generated side when the input has none (docs/import.md).
 */
const ADDED_ON_DEFINE: Readonly<Record<string, readonly string[]>> = {
  network: ["uuid", "mac", "bridge"],
  pool: ["uuid"],
  volume: ["target"],
  domain: ["uuid"],
};

const NORMALIZE: Readonly<Record<string, (e: XmlElement, paths: VolumePaths) => XmlElement>> = {
  network: normalizeNetwork,
  pool: normalizePool,
  volume: normalizeVolume,
  domain: normalizeDomain,
};

/** Both sides of a round trip, normalised and printed, ready for `toBe`. */
export function normalizedPair(kind: string, input: string, generated: string, volumePaths: VolumePaths = new Map()): { input: string; generated: string } {
  const a = NORMALIZE[kind]!(parseXml(input), volumePaths);
  const b = NORMALIZE[kind]!(parseXml(generated), volumePaths);
  const present = new Set(a.children.flatMap((c) => (c.kind === "element" ? [c.name] : [])));
  const added = new Set((ADDED_ON_DEFINE[kind] ?? []).filter((n) => !present.has(n)));
  const trimmed: XmlElement = { ...b, children: b.children.filter((c) => c.kind !== "element" || !added.has(c.name)) };
  return { input: printElement(a), generated: printElement(trimmed) };
}
