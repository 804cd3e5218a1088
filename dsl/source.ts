import { fileURLToPath } from "node:url";
import { dirname, sep } from "node:path";

/** Where a resource was declared in the user's topology file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

// Frames inside this folder (or the bundle that inlines it) are ours; the first other frame is the user's.
const ownDir = dirname(fileURLToPath(import.meta.url)) + sep;
const FRAME = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/;

/**
 * The file, line and column of the user code that called into the DSL.
 *
 * @example
 * const source = callerLocation(); // { file: "/home/me/lab.ts", line: 12, column: 3 }
 */
export function callerLocation(): SourceLocation {
  const holder: { stack?: string } = {};
  // The user's frame is a few DSL frames up; a short trace keeps declaring thousands of resources cheap.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  Error.captureStackTrace(holder, callerLocation);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? "").split("\n").slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(ownDir) || file.startsWith("node:") || !file.includes(sep)) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>", line: 0, column: 0 };
}
