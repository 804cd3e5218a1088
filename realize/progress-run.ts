import { BuildProgress } from "./build-progress.js";
import { ToolFailure } from "./failure.js";
import { failureReport } from "./failure-report.js";
import type { Realizer } from "./realizer.js";
import { runTool } from "./run-tool.js";

/**
 * Runs a Nix-based tool that logs `--log-format internal-json` (nix, nixos-rebuild) with progress on
 * `ctx.view` and everything in `ctx.log`; resolves to its stdout. A non-zero exit is a
 * {@link ToolFailure} naming the failing derivation and its last log lines. `what` names the run.
 */
export async function runWithProgress(
  argv: readonly string[],
  what: string,
  ctx: Realizer,
  opts: { cwd?: string; stdin?: "inherit" | "ignore" } = {},
): Promise<string> {
  const [cmd, ...args] = argv;
  const progress = new BuildProgress();
  let result;
  try {
    result = await runTool(cmd!, args, {
      env: ctx.env,
      log: ctx.log,
      ...opts,
      onLine: (line) => {
        for (const shown of progress.line(line)) ctx.view.line(shown);
        ctx.view.status(progress.status());
      },
    });
  } finally {
    ctx.view.clear();
  }
  if (result.exitCode !== 0) throw new ToolFailure(failureReport(what, result.exitCode, progress.failure(), ctx.log.path));
  return result.stdout;
}
