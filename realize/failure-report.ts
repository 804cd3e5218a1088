import type { FailureSummary } from "./build-progress.js";

/** At most this many lines of Nix's own error messages on screen; the log has the rest. */
const MAX_ERROR_LINES = 15;

const indent = (line: string): string => `  ${line}`;

/**
 * The message for a failed run: what failed and how, Nix's errors, the failing derivation with its
 * last log lines (or, when Nix reported no error, the run's last output), and where the full log is.
 *
 * @example
 * failureReport("nix build", 1, progress.failure(), log.path)
 */
export function failureReport(what: string, exitCode: number, summary: FailureSummary, logPath: string): string {
  const lines = [`${what} failed (exit code ${exitCode})`];
  lines.push(...summary.errors.flatMap((e) => e.split("\n")).slice(0, MAX_ERROR_LINES).map(indent));
  const drv = summary.derivation;
  if (drv) {
    lines.push(`failing derivation: ${drv.name} (${drv.drvPath})`);
    if (drv.tail.length > 0) lines.push(`last log lines of ${drv.name}:`, ...drv.tail.map(indent));
  } else if (summary.errors.length === 0 && summary.plainTail.length > 0) {
    lines.push("last output:", ...summary.plainTail.map(indent));
  }
  lines.push(`full log: ${logPath}`);
  return lines.join("\n");
}
