import type { Target } from "../../generators/index.js";
import { EXIT } from "../exit.js";
import { synthesize } from "../pipeline.js";
import { writeGenerated } from "../write-generated.js";

/** Options of the default command. */
export interface GenerateOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly target?: Target;
  readonly quiet?: boolean;
}

/**
 * `homelab-gen FILE`: generate and write; prints what changed. Without `--target`, a folder is
 * generated again for the target its manifest records. Errors propagate to main's handler.
 */
export async function generateCommand(file: string, opts: GenerateOptions): Promise<number> {
  const synthesis = synthesize(file, { ...(opts.out && { out: opts.out }), ...(opts.target && { target: opts.target }) });
  await writeGenerated(synthesis, { force: opts.force ?? false, ...(!opts.quiet && { report: console.log }) });
  return EXIT.ok;
}
