import Module, { createRequire } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
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
  m._compile(compile(filename), filename);
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
  try {
    let exported: Record<string, unknown>;
    try {
      exported = require(filename) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof LoadError) throw error;
      const e = error as Error;
      const frame = (e.stack ?? "").split("\n").find((l) => l.includes(dirname(filename)));
      throw new LoadError(`${file}: the topology threw: ${e.message}${frame ? `\n  ${frame.trim()}` : ""}`);
    }
    const candidate = exported.default ?? exported.lab;
    const found = typeof candidate === "function" ? (candidate as () => unknown)() : candidate;
    if (!(found instanceof Lab)) {
      throw new LoadError(`${file}: the default export must be a lab, e.g. \`export default lab("name")\``);
    }
    return found;
  } finally {
    for (const [ext, handler] of previous) exts[ext] = handler;
    // A later load (tests, watch) must see the file as it is then.
    for (const key of Object.keys(require.cache)) if (/\.[cm]?ts$/.test(key)) delete require.cache[key];
  }
}
