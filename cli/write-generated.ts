import { relative } from "node:path";
import pc from "picocolors";
import { writeOutput, type WritePlan } from "../writer/index.js";
import type { Synthesis } from "./pipeline.js";
import { uninterrupted } from "./uninterrupted.js";
import { VERSION } from "./version.js";
import { reportWarnings } from "./warnings.js";

/** `generated/lab: 1 added, 2 unchanged`, the folder relative to the current one. */
export function describeWrite(outDir: string, plan: WritePlan): string {
  const counts = [
    plan.added.length && pc.green(`${plan.added.length} added`),
    plan.changed.length && pc.yellow(`${plan.changed.length} changed`),
    plan.removed.length && pc.red(`${plan.removed.length} removed`),
    plan.unchanged.length && `${plan.unchanged.length} unchanged`,
  ].filter(Boolean);
  return `${relative(process.cwd(), outDir) || "."}: ${counts.join(", ") || "nothing to write"}`;
}

/**
 * The generate step of every command: writes the output folder and reports it with `report`
 * (build and switch report on stderr: their stdout is for results); warnings always go to stderr. Throws WriteConflictError over
 * hand edits unless `force`. Ctrl-C waits for the write to complete, then ends the command.
 */
export async function writeGenerated(synthesis: Synthesis, opts: { force: boolean; report?: (line: string) => void }): Promise<WritePlan> {
  reportWarnings(synthesis.warnings);
  const where = relative(process.cwd(), synthesis.outDir) || ".";
  const plan = await uninterrupted(`writing ${where}`, () =>
    writeOutput(synthesis.outDir, synthesis.files, {
      force: opts.force,
      topology: synthesis.model.topology,
      generatorVersion: VERSION,
      target: synthesis.target,
    }),
  );
  opts.report?.(describeWrite(synthesis.outDir, plan));
  return plan;
}
