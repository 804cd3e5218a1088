import pc from "picocolors";
import { formatDiagnostics, type Diagnostic } from "../model/diagnostic.js";

/** Warnings as lines for a terminal: `file:line:col: warning: kind name: message`. */
export const warningText = (warnings: readonly Diagnostic[]): string =>
  formatDiagnostics(warnings).replaceAll(": warning: ", `: ${pc.yellow("warning")}: `);

/** Print warnings on stderr, whatever the command: its stdout may be JSON or result paths. */
export function reportWarnings(warnings: readonly Diagnostic[]): void {
  if (warnings.length > 0) console.error(warningText(warnings));
}
