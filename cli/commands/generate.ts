import type { Target } from "../../generators/index.js";
import { EXIT } from "../exit.js";
import { outputOptions, synthesizeAll } from "../pipeline.js";
import { writeGenerated } from "../write-generated.js";

/** Options of the default command. */
export interface GenerateOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly target?: Target;
  readonly quiet?: boolean;
  /** `--diagram` / `--no-diagram`: topology.svg and topology.mmd or not; unset, as the output folder holds. */
  readonly diagram?: boolean;
}

/**
 * `homelab-gen FILE`: generate and write; prints what changed. Without `--target` (or `--diagram`
 * / `--no-diagram`), a folder is generated again for the target (and diagrams) its manifest records. Errors propagate to main's handler.
 */
export async function generateCommand(file: string, opts: GenerateOptions): Promise<number> {
  const synthesis = await synthesizeAll(file, { ...outputOptions(opts), ...(opts.target && { target: opts.target }) });
  await writeGenerated(synthesis, { force: opts.force ?? false, ...(!opts.quiet && { report: console.log }) });
  return EXIT.ok;
}
