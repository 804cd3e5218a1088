import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isErrno, MANIFEST_NAME, parseManifest, RESERVED_PREFIX, type Manifest } from "./manifest.js";

// A write stages its files in `.homelab-gen-stage-<pid>-XXXXXX` inside the output folder. One
// that is still there belongs to a run that is going on (its process lives) or was killed.

/** Prefix of a staging folder made by this process. */
export const stagePrefix = (): string => `${RESERVED_PREFIX}stage-${process.pid}-`;

/** Name of the manifest a write stages before it renames anything. */
export const STAGED_MANIFEST = "manifest";

/** Staging folders in `outDir`: of runs still going on, and left behind by runs that were killed. */
export interface Stages {
  readonly live: readonly { readonly path: string; readonly pid: number }[];
  readonly abandoned: readonly string[];
}

/** Whether process `pid` exists (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, "EPERM");
  }
}

/** Looks for staging folders; none when `outDir` does not exist. */
export function findStages(outDir: string): Stages {
  let names: string[];
  try {
    names = readdirSync(outDir).filter((n) => n.startsWith(RESERVED_PREFIX) && n !== MANIFEST_NAME);
  } catch (err) {
    if (isErrno(err, "ENOENT", "ENOTDIR")) return { live: [], abandoned: [] };
    throw err;
  }
  const live: { path: string; pid: number }[] = [];
  const abandoned: string[] = [];
  for (const name of names.sort()) {
    const pid = Number(/^\.homelab-gen-stage-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) live.push({ path: join(outDir, name), pid });
    else abandoned.push(join(outDir, name));
  }
  return { live, abandoned };
}

/**
 * The manifests that killed runs staged: a run writes its manifest into the stage before it renames
 * anything, so the files it may have put in place are exactly those. One that is unreadable or
 * incomplete means the run died while staging, before any rename.
 */
export function interruptedManifests(stages: Stages): Manifest[] {
  return stages.abandoned.flatMap((stage) => {
    try {
      return [parseManifest(readFileSync(join(stage, STAGED_MANIFEST), "utf8"), stage)];
    } catch {
      return [];
    }
  });
}

/** Deletes staging folders of killed runs. */
export function removeStages(paths: readonly string[]): void {
  for (const path of paths) rmSync(path, { recursive: true, force: true });
}
