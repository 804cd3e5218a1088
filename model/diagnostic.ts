import { relative } from "node:path";
import type { SourceLocation } from "../dsl/source.js";

/** One problem in a topology, pinned to the resource and the line that declared it. */
export interface Diagnostic {
  /** `kind name`, e.g. `vm DC01`. */
  readonly resource: string;
  readonly source: SourceLocation;
  readonly message: string;
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

/** Orders declarations as they stand in the user's files: file, then line, then column. */
export const compareSource = (a: { source: SourceLocation }, b: { source: SourceLocation }): number =>
  a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line || a.source.column - b.source.column;

/** `file:line:column: kind name: message`, with the file relative to `cwd`, ordered by position. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], cwd = process.cwd()): string {
  return [...diagnostics]
    .sort(compareSource)
    .map((d) => `${relative(cwd, d.source.file) || d.source.file}:${d.source.line}:${d.source.column}: ${d.resource}: ${d.message}`)
    .join("\n");
}

/** Thrown when a topology has problems; carries all of them. */
export class TopologyError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} in the topology:\n${formatDiagnostics(diagnostics)}`);
  }
}
