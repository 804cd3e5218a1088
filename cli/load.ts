import Module, { createRequire } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, relative, resolve } from "node:path";
import { Script } from "node:vm";
import { transform } from "sucrase";
import * as dsl from "../dsl/index.js";
import { Lab } from "../dsl/lab.js";

/** A topology file that could not be loaded: not found, does not compile, throws, or exports no lab. */
export class LoadError extends Error {}

// Node's CommonJS loader, typed just enough to register an extension and compile a module.
type CjsModule = Module & { _compile(code: string, filename: string): void; require(id: string): unknown };
const ModuleCtor = Module as unknown as { _extensions: Record<string, ((m: CjsModule, filename: string) => void) | undefined> };

/** Type-strip a TS file to CommonJS with an inline source map, so stack traces (and declaration sites) point at the user's lines. */
function compile(filename: string): string {
  const source = readFileSync(filename, "utf8");
  let result: ReturnType<typeof transform>;
  try {
    result = transform(source, { transforms: ["typescript", "imports"], filePath: filename, sourceMapOptions: { compiledFilename: filename } });
  } catch (error) {
    const e = error as Error & { loc?: { line: number; column: number } };
    throw new LoadError(`${filename}${e.loc ? `:${e.loc.line}:${e.loc.column + 1}` : ""}: ${e.message}`);
  }
  const map = Buffer.from(JSON.stringify({ ...result.sourceMap, sources: [filename], sourcesContent: [source] })).toString("base64");
  return `${result.code}\n//# sourceMappingURL=data:application/json;base64,${map}`;
}

/** Compile a user's .ts module; its `require("homelab-gen")` gets this very DSL instance. */
function loadTs(m: CjsModule, filename: string): void {
  const plain = m.require.bind(m);
  m.require = (id: string) => (id === "homelab-gen" ? dsl : plain(id));
  const code = compile(filename);
  assertCommonJs(code, filename);
  m._compile(code, filename);
}

/**
 * Throws a LoadError unless `file` names an existing TypeScript file; returns its absolute path.
 *
 * @example
 * assertTopologyFile("examples/sccm.ts"); // "/repo/examples/sccm.ts"
 */
export function assertTopologyFile(file: string): string {
  const filename = resolve(file);
  if (![".ts", ".mts", ".cts"].includes(extname(filename))) throw new LoadError(`${file}: a topology is a TypeScript file (.ts)`);
  if (!existsSync(filename) || !statSync(filename).isFile()) throw new LoadError(`${file}: no such file`);
  return filename;
}

/**
 * Load a topology file: TypeScript is stripped in-process (no build step); imports of
 * `homelab-gen` get this very DSL, so the lab the file builds is one this CLI understands.
 *
 * @example
 * const myLab = loadTopology("examples/sccm.ts");
 */
export function loadTopology(file: string): Lab {
  const filename = assertTopologyFile(file);
  process.setSourceMapsEnabled(true);
  const exts = ModuleCtor._extensions;
  const previous = [".ts", ".mts", ".cts"].map((ext) => [ext, exts[ext]] as const);
  for (const [ext] of previous) exts[ext] = loadTs;
  const require = createRequire(filename);
  const restore = sandboxProcess();
  try {
    let exported: Record<string, unknown>;
    try {
      exported = require(filename) as Record<string, unknown>;
    } catch (error) {
      throw loadFailure(file, filename, error);
    }
    const candidate = exported.default ?? exported.lab;
    let found: unknown;
    try {
      found = typeof candidate === "function" ? (candidate as () => unknown)() : candidate;
    } catch (error) {
      throw loadFailure(file, filename, error);
    }
    if (!(found instanceof Lab)) {
      throw new LoadError(`${file}: the default export must be a lab, e.g. \`export default lab("name")\``);
    }
    return found;
  } finally {
    restore();
    for (const [ext, handler] of previous) exts[ext] = handler;
    // A later load (tests, watch) must see the file as it is then.
    for (const key of Object.keys(require.cache)) if (/\.[cm]?ts$/.test(key)) delete require.cache[key];
  }
}

/** Thrown in place of exiting when a topology calls `process.exit`. */
class ExitCalled extends Error {}

/**
 * While a topology runs: `process.exit` throws instead of ending homelab-gen, and `console.log`
 * (with `info`, `debug`) prints on stderr, so stdout stays the command's (JSON for `--json`).
 * Returns the function that puts them back.
 */
function sandboxProcess(): () => void {
  const { exit } = process;
  const { log, info, debug } = console;
  process.exit = ((code?: number | string | null) => {
    throw new ExitCalled(`the topology called process.exit(${code ?? ""}); a topology declares resources and returns, it never exits`);
  }) as typeof process.exit;
  console.log = console.info = console.debug = console.error;
  return () => {
    process.exit = exit;
    Object.assign(console, { log, info, debug });
  };
}

/** Syntax only a module loaded as ES module has, and what to write instead. */
const ESM_ONLY: ReadonlyArray<[RegExp, string]> = [
  [/await is only valid|top-level await|async module/i, "top-level await is not supported: a topology is loaded synchronously; compute values without await (node:fs has readFileSync)"],
  [/import\.meta/, "import.meta is not available: a topology is loaded as a CommonJS module; use __dirname or __filename"],
];

/**
 * Throws a LoadError at the line when V8 will not run the compiled topology as CommonJS (top-level
 * await, import.meta): Node would otherwise retry it as an ES module and fail with a puzzling message.
 */
function assertCommonJs(code: string, filename: string): void {
  try {
    new Script(code, { filename });
  } catch (error) {
    const [where = "", , caret = ""] = String((error as Error).stack).split("\n");
    const line = /:(\d+)$/.exec(where)?.[1] ?? "1";
    const column = Math.max(caret.indexOf("^") + 1, 1);
    const why = ESM_ONLY.find(([pattern]) => pattern.test((error as Error).message))?.[1] ?? (error as Error).message;
    throw new LoadError(`${filename}:${line}:${column}: ${why}`);
  }
}

/** What a topology that failed while loading becomes: one message, at the user's line when there is one. */
function loadFailure(file: string, filename: string, error: unknown): LoadError {
  if (error instanceof LoadError) return error;
  if (error instanceof ExitCalled) return new LoadError(atUserLine(file, error.message, error, filename));
  if (!(error instanceof Error)) {
    const shown = typeof error === "string" ? JSON.stringify(error) : String(error);
    return new LoadError(`${file}: the topology threw ${shown}, which is not an Error and carries no line: throw new Error(...) to see where`);
  }
  return new LoadError(atUserLine(file, `the topology threw: ${error.message}`, error, filename));
}

/**
 * `file:line:column: why` at the first stack frame in the topology's folder (the user's line);
 * `file: why` when there is none.
 */
function atUserLine(file: string, why: string, error: Error, filename: string): string {
  const frames = (error.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  for (const frame of frames) {
    const at = /\(?([^\s(]+):(\d+):(\d+)\)?$/.exec(frame);
    if (at && at[1]!.startsWith(dirname(filename))) return `${relative(process.cwd(), at[1]!) || at[1]}:${at[2]}:${at[3]}: ${why}`;
  }
  return `${file}: ${why}`;
}
