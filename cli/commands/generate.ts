import pc from "picocolors";
import type { Target } from "../../generators/index.js";
import { writeOutput } from "../../writer/index.js";
import { EXIT } from "../exit.js";
import { synthesize } from "../pipeline.js";
import { VERSION } from "../version.js";

/** Options of the default command. */
export interface GenerateOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly target?: Target;
  readonly quiet?: boolean;
}

/** `homelab-gen FILE`: generate and write; prints what changed. Errors propagate to main's handler. */
export function generateCommand(file: string, opts: GenerateOptions): number {
  const { files, outDir, model } = synthesize(file, { ...(opts.out && { out: opts.out }), ...(opts.target && { target: opts.target }) });
  const plan = writeOutput(outDir, files, { force: opts.force ?? false, topology: model.topology, generatorVersion: VERSION });
  if (!opts.quiet) {
    const counts = [
      plan.added.length && pc.green(`${plan.added.length} added`),
      plan.changed.length && pc.yellow(`${plan.changed.length} changed`),
      plan.removed.length && pc.red(`${plan.removed.length} removed`),
      plan.unchanged.length && `${plan.unchanged.length} unchanged`,
    ].filter(Boolean);
    console.log(`${outDir}: ${counts.join(", ") || "nothing to write"}`);
  }
  return EXIT.ok;
}
