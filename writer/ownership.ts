import { readManifest, type ManifestOrigin } from "./manifest.js";
import { OutputError } from "./output-error.js";
import { assertOutputFolder } from "./plan.js";
import { findStages } from "./stages.js";

const describe = (origin: ManifestOrigin, fallback: string): string =>
  `${origin.topology ?? fallback}${origin.target === undefined ? "" : ` (target ${origin.target})`}`;

/**
 * Why `outDir` is not this topology's to write, or undefined: it holds the output of another
 * topology, or of another target of this one (its manifest says so).
 */
export function foreignOutput(outDir: string, origin: ManifestOrigin): string | undefined {
  const manifest = readManifest(outDir);
  if (!manifest) return undefined;
  const otherTopology = manifest.topology !== undefined && origin.topology !== undefined && manifest.topology !== origin.topology;
  const otherTarget = manifest.target !== undefined && origin.target !== undefined && manifest.target !== origin.target;
  if (!otherTopology && !otherTarget) return undefined;
  return `${outDir} holds the output of ${describe(manifest, "another topology")}; generating ${describe(origin, "this topology")} there would replace it: choose another --out, or --force to replace it`;
}

/**
 * Throws an OutputError unless `outDir` is free for this topology and target: another topology's
 * (or target's) output is replaced only with `force`, and never while another run writes there.
 */
export function assertOwnFolder(outDir: string, opts: ManifestOrigin & { force?: boolean }): void {
  assertOutputFolder(outDir);
  const live = findStages(outDir).live[0];
  if (live) {
    throw new OutputError(`another homelab-gen (process ${live.pid}) is writing ${outDir}; wait for it (or, if none runs, delete ${live.path})`);
  }
  const foreign = opts.force ? undefined : foreignOutput(outDir, opts);
  if (foreign !== undefined) throw new OutputError(`${foreign}. Nothing was written.`);
}
