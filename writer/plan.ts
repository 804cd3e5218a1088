import { lstatSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { isErrno, MANIFEST_NAME, readManifest, RESERVED_PREFIX, sha256 } from "./manifest.js";
import { OutputError, outputError } from "./output-error.js";
import { findStages, interruptedManifests } from "./stages.js";

/** A path the writer refuses to touch without `force`, and why. */
export interface Conflict {
  path: string;
  /**
   * - `edited`: a generated file was changed by hand since the last run.
   * - `unmanaged`: something not in the manifest already sits where a generated file goes.
   * - `edited-removed`: a file the topology no longer produces was changed by hand.
   */
  reason: "edited" | "unmanaged" | "edited-removed";
}

/**
 * What a write would do, every list sorted. A conflicting path appears only in `conflicts`,
 * unless `force` was given: then it stays in `conflicts` (so callers can warn) and also moves
 * to `changed` or `removed`.
 */
export interface WritePlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  conflicts: Conflict[];
}

/** What currently sits at a path: nothing, a regular file, or something we cannot replace safely. */
export type OnDisk = { kind: "missing" } | { kind: "file"; bytes: Buffer } | { kind: "other" };

/**
 * Throws unless `path` is a plain relative POSIX path that stays inside the output folder
 * and does not collide with the writer's own files.
 */
export function assertSafePath(path: string): void {
  const bad = (why: string): never => {
    throw new Error(`unsafe output path ${JSON.stringify(path)}: ${why}`);
  };
  if (path === "") bad("empty");
  if (path.startsWith("/")) bad("absolute");
  if (path.includes("\\")) bad("backslash");
  if (path.includes("\0")) bad("NUL character");
  const segments = path.split("/");
  if (segments.some((s) => s === "")) bad("empty segment");
  if (segments.some((s) => s === "." || s === "..")) bad("'.' or '..' segment");
  if (segments[0]!.startsWith(RESERVED_PREFIX)) bad(`names starting with ${RESERVED_PREFIX} are reserved`);
}

/** Checks every path, and that no path is both a file and a parent directory of another. */
export function assertSafePaths(paths: Iterable<string>): void {
  const all = new Set(paths);
  for (const path of all) {
    assertSafePath(path);
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join("/");
      if (all.has(parent)) throw new Error(`output path ${JSON.stringify(parent)} is both a file and a directory`);
    }
  }
}

/** Looks at `rel` inside `outDir` without following a symlink at the path itself. */
export function inspect(outDir: string, rel: string): OnDisk {
  const full = join(outDir, rel);
  try {
    const stat = lstatSync(full);
    return stat.isFile() ? { kind: "file", bytes: readFileSync(full) } : { kind: "other" };
  } catch (err) {
    if (isErrno(err, "ENOENT")) return { kind: "missing" };
    // A parent component is a regular file: nothing can be written there.
    if (isErrno(err, "ENOTDIR")) return { kind: "other" };
    throw outputError(err, full, "reading");
  }
}

/** Throws an OutputError when `outDir` exists but is not a folder. */
export function assertOutputFolder(outDir: string): void {
  let folder: boolean;
  try {
    folder = statSync(outDir).isDirectory();
  } catch (err) {
    if (isErrno(err, "ENOENT")) return;
    throw outputError(err, outDir, "reading");
  }
  if (!folder) throw new OutputError(`${outDir} is a file, not a folder: give --out a folder`);
}

/**
 * For every path a run generated, the hashes it may have now: the manifest's, and those of runs
 * killed before they could write theirs (their files may already be in place).
 */
function generatedHashes(outDir: string): { recorded: Set<string>; known: Map<string, Set<string>> } {
  const manifest = readManifest(outDir);
  const known = new Map<string, Set<string>>();
  for (const m of [...(manifest ? [manifest] : []), ...interruptedManifests(findStages(outDir))]) {
    // A tampered manifest must not make us delete outside the folder.
    try {
      assertSafePaths(Object.keys(m.files));
    } catch (err) {
      throw new OutputError(`${join(outDir, MANIFEST_NAME)}: invalid homelab-gen manifest (${(err as Error).message}); delete it and generate again`);
    }
    for (const [path, entry] of Object.entries(m.files)) {
      const hashes = known.get(path) ?? new Set<string>();
      hashes.add(entry.sha256);
      known.set(path, hashes);
    }
  }
  return { recorded: new Set(Object.keys(manifest?.files ?? {})), known };
}

/**
 * Compares `files` with the output folder and its manifest. Reads the disk, writes nothing.
 * A file whose current content already equals what we would write is `unchanged` even if the
 * manifest disagrees (nothing would be lost; this also adopts identical unmanaged files). A file a
 * killed run already put in place counts as generated, not as edited by hand.
 */
export function planWrite(outDir: string, files: ReadonlyMap<string, string>, opts: { force?: boolean } = {}): WritePlan {
  assertSafePaths(files.keys());
  assertOutputFolder(outDir);
  const { recorded, known } = generatedHashes(outDir);
  const force = opts.force ?? false;
  const plan: WritePlan = { added: [], changed: [], removed: [], unchanged: [], conflicts: [] };

  for (const [path, contents] of files) {
    const disk = inspect(outDir, path);
    if (disk.kind === "missing") {
      plan.added.push(path);
      continue;
    }
    const current = disk.kind === "file" ? sha256(disk.bytes) : undefined;
    if (current === sha256(contents)) {
      plan.unchanged.push(path);
      continue;
    }
    if (current !== undefined && known.get(path)?.has(current)) {
      plan.changed.push(path);
      continue;
    }
    plan.conflicts.push({ path, reason: known.has(path) ? "edited" : "unmanaged" });
    if (force) plan.changed.push(path);
  }

  for (const [path, hashes] of known) {
    if (files.has(path)) continue;
    const disk = inspect(outDir, path);
    // Already gone, or replaced by a directory/symlink: not ours any more, leave it alone.
    if (disk.kind !== "file") continue;
    if (hashes.has(sha256(disk.bytes))) {
      plan.removed.push(path);
      continue;
    }
    // Only a killed run knew it, and the bytes are not its: a file of the user's, not ours to remove.
    if (!recorded.has(path)) continue;
    plan.conflicts.push({ path, reason: "edited-removed" });
    if (force) plan.removed.push(path);
  }

  // Default sort is UTF-16 code-unit order, independent of locale: deterministic everywhere.
  for (const list of [plan.added, plan.changed, plan.removed, plan.unchanged]) list.sort();
  plan.conflicts.sort((a, b) => compare(a.path, b.path));
  return plan;
}

/**
 * Unified diff (git-style `a/` and `b/` names, `/dev/null` for added/removed files) from the
 * output folder's current contents to `files`, for every file a forced write would add, change or
 * remove. Empty string when the folder is up to date.
 */
export function diffPlan(outDir: string, files: ReadonlyMap<string, string>): string {
  const plan = planWrite(outDir, files, { force: true });
  const current = (path: string): string => {
    const disk = inspect(outDir, path);
    return disk.kind === "file" ? disk.bytes.toString("utf8") : "";
  };
  const patches: Array<[string, string]> = [];
  const patch = (path: string, oldName: string, newName: string, oldText: string, newText: string): void => {
    const text = createTwoFilesPatch(oldName, newName, oldText, newText, undefined, undefined, {
      headerOptions: FILE_HEADERS_ONLY,
    });
    patches.push([path, text]);
  };
  for (const path of plan.added) patch(path, "/dev/null", `b/${path}`, "", files.get(path)!);
  for (const path of plan.changed) patch(path, `a/${path}`, `b/${path}`, current(path), files.get(path)!);
  for (const path of plan.removed) patch(path, `a/${path}`, "/dev/null", current(path), "");
  patches.sort((a, b) => compare(a[0], b[0]));
  return patches.map(([, text]) => text).join("");
}

// Same order as the default sort, for sorting records by a string key.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
