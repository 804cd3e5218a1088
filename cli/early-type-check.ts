// `check`'s type check is its longest step and runs beside the command (typecheck-start.ts).
// Started from the first module the executable evaluates, it begins while the rest of the CLI is
// still loading, instead of after argument parsing. Only a plain `check FILE [--json] [--diagram]
// [--no-diagram] [-o DIR]` is recognised; anything else is left to `typeCheck`, which starts its own.
import type { TypeProblem } from "./typecheck-program.js";
import { startTypeCheck, type RunningTypeCheck } from "./typecheck-start.js";

/** A type check already running for `file` in `cwd`. */
interface EarlyTypeCheck extends RunningTypeCheck {
  readonly file: string;
  readonly cwd: string;
}

/** The topology file of `check ARGS`, or undefined when the arguments are not a plain check. */
export function checkedFile(args: readonly string[]): string | undefined {
  if (args[0] !== "check") return undefined;
  const files: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-o" || arg === "--out") i++;
    else if (arg === "--json" || arg === "--diagram" || arg === "--no-diagram" || arg.startsWith("--out=")) continue;
    else if (arg.startsWith("-")) return undefined;
    else files.push(arg);
  }
  return files.length === 1 ? files[0] : undefined;
}

const file = checkedFile(process.argv.slice(2));
let early: EarlyTypeCheck | undefined = file === undefined ? undefined : { file, cwd: process.cwd(), ...startTypeCheck(file, process.cwd()) };
// Until `typeCheck` takes it, the check must not keep a failing command (a usage error) alive,
// nor may its failure (a missing file, reported by check itself) go unhandled.
early?.unref();
early?.result.catch(() => undefined);

/** The outcome of the type check started for `file` in `cwd` at start-up, once; undefined when none was. */
export function takeEarlyTypeCheck(file: string, cwd: string): Promise<TypeProblem[]> | undefined {
  if (early === undefined || early.file !== file || early.cwd !== cwd) return undefined;
  const { result } = early;
  early.ref();
  early = undefined;
  return result;
}
