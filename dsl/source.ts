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

/** The user's frame in a captured stack trace. */
function userFrame(stack: string): SourceLocation {
  for (const line of stack.split("\n").slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(ownDir) || file.startsWith("node:") || !file.includes(sep)) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>", line: 0, column: 0 };
}

/**
 * A declaration site read from its stack trace only when first asked for: V8 formats a captured
 * trace lazily, and most resources of a valid lab never need theirs.
 */
class CapturedLocation implements SourceLocation {
  #stack: { stack?: string } | undefined;
  #location: SourceLocation | undefined;

  constructor(holder: { stack?: string }) {
    this.#stack = holder;
  }

  private get location(): SourceLocation {
    if (!this.#location) {
      this.#location = userFrame(this.#stack?.stack ?? "");
      this.#stack = undefined;
    }
    return this.#location;
  }

  get file(): string {
    return this.location.file;
  }

  get line(): number {
    return this.location.line;
  }

  get column(): number {
    return this.location.column;
  }

  toJSON(): SourceLocation {
    return { ...this.location };
  }
}

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
  return new CapturedLocation(holder);
}
