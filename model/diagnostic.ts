import { relative } from "node:path";
import type { SourceLocation } from "../dsl/source.js";

/** One problem in a topology, pinned to the resource and the line that declared it. */
export interface Diagnostic {
  /** `kind name`, e.g. `vm DC01`. */
  readonly resource: string;
  readonly source: SourceLocation;
  readonly message: string;
  /** A warning is printed but neither stops generation nor fails `check`; absent means an error. */
  readonly severity?: "warning";
}

/** Something with a kind, a name and a declaration site: every model resource. */
export interface Located {
  readonly name: string;
  readonly source: SourceLocation;
}

/**
 * A diagnostic about a resource.
 *
 * @example
 * problem("vm", vm, `memory must be positive`);
 */
export const problem = (kind: string, at: Located, message: string): Diagnostic => ({
  resource: `${kind} ${at.name}`,
  source: at.source,
  message,
});

/**
 * A diagnostic that is worth reading but does not stop generation.
 *
 * @example
 * warning("host", host, `nixos-25.05 ... reached its end of life on 2025-12-31 ...`);
 */
export const warning = (kind: string, at: Located, message: string): Diagnostic => ({ ...problem(kind, at, message), severity: "warning" });

/** True for diagnostics that stop generation. */
export const isError = (d: Diagnostic): boolean => d.severity !== "warning";

/** Orders declarations as they stand in the user's files: file, then line, then column. */
export const compareSource = (a: { source: SourceLocation }, b: { source: SourceLocation }): number =>
  a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line || a.source.column - b.source.column;

/** `file:line:column: kind name: message`, with the file relative to `cwd`, ordered by position. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], cwd = process.cwd()): string {
  return [...diagnostics]
    .sort(compareSource)
    .map((d) => `${relative(cwd, d.source.file) || d.source.file}:${d.source.line}:${d.source.column}: ${isError(d) ? "" : "warning: "}${d.resource}: ${d.message}`)
    .join("\n");
}

/** `N problems`, counting errors only. */
export const countProblems = (diagnostics: readonly Diagnostic[]): string => {
  const n = diagnostics.filter(isError).length;
  return `${n} problem${n === 1 ? "" : "s"}`;
};

/** Thrown when a topology has problems; carries all of them (and the warnings found beside them). */
export class TopologyError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${countProblems(diagnostics)} in the topology:\n${formatDiagnostics(diagnostics)}`);
  }
}
