import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { buildManifest, isErrno, MANIFEST_NAME, serializeManifest } from "../writer/manifest.js";
import { diffPlan, planWrite } from "../writer/index.js";
import type { Synthesis } from "./pipeline.js";
import { VERSION } from "./version.js";

/** How the output folder differs from what generating now would write; all empty when up to date. */
export interface Staleness {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Unified diff from the folder to what would be written. */
  readonly diff: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
}

/**
 * Compares the output folder with a fresh generation, manifest included (generating rewrites it
 * when the topology path or homelab-gen's version changed). Hand edits count as changes.
 */
export function staleness(synthesis: Synthesis): Staleness {
  const { outDir, files, model } = synthesis;
  const plan = planWrite(outDir, files, { force: true });
  const added = [...plan.added];
  const changed = [...plan.changed];
  let diff = diffPlan(outDir, files);
  const want = serializeManifest(buildManifest(files, { topology: model.topology, generatorVersion: VERSION, target: synthesis.target }));
  const have = readText(join(outDir, MANIFEST_NAME));
  if (have !== want) {
    (have === undefined ? added : changed).push(MANIFEST_NAME);
    const from = have === undefined ? "/dev/null" : `a/${MANIFEST_NAME}`;
    diff += createTwoFilesPatch(from, `b/${MANIFEST_NAME}`, have ?? "", want, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
  }
  return { added: added.sort(), changed: changed.sort(), removed: plan.removed, diff };
}

/** Whether anything differs. */
export const isStale = (s: Staleness): boolean => s.added.length + s.changed.length + s.removed.length > 0;
