import { takeEarlyTypeCheck } from "./early-type-check.js";
import type { TypeProblem } from "./typecheck-program.js";
import { startTypeCheck } from "./typecheck-start.js";

export type { TypeProblem } from "./typecheck-program.js";

/** `file:line:column: message`. */
export const formatTypeProblem = (p: TypeProblem): string => `${p.file}:${p.line}:${p.column}: ${p.message}`;

/**
 * The strict type check of a topology and the files it imports (typecheck-program.ts), beside the
 * command: the check's second core type-checks while the first loads, validates and generates the
 * topology. Start it first, await it last.
 */
export function typeCheck(file: string, cwd: string = process.cwd()): Promise<TypeProblem[]> {
  return takeEarlyTypeCheck(file, cwd) ?? startTypeCheck(file, cwd).result;
}
