import { join, relative, resolve } from "node:path";
import { NODE_GLOBALS } from "./node-globals.js";
import { packageRoot } from "./package-root.js";
import { takeEarlyTypeCheck } from "./early-type-check.js";
import { loadTypeScript } from "./typescript-compiler.js";
import { startTypeCheckWorker } from "./typecheck-worker-start.js";

/** One TypeScript error, at a place in a file (relative to the current folder; line and column from 1). */
export interface TypeProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** `file:line:column: message`. */
export const formatTypeProblem = (p: TypeProblem): string => `${p.file}:${p.line}:${p.column}: ${p.message}`;

/** Where the Node.js declarations are served from: a name no real file has. */
const GLOBALS_FILE = "/__homelab-gen__/node-globals.d.ts";

/**
 * {@link typeCheckHere} in a worker thread: the check's second core type-checks while the first
 * loads, validates and generates the topology. Start it first, await it last.
 */
export function typeCheck(file: string, cwd: string = process.cwd()): Promise<TypeProblem[]> {
  return takeEarlyTypeCheck(file, cwd) ?? startTypeCheckWorker(file, cwd).result;
}

/**
 * A full, strict TypeScript check of a topology and every file it imports, the way an editor sees
 * it. `homelab-gen` resolves to this very package's declarations (the DSL the CLI loads the topology
 * with); relative imports may omit or use `.ts` extensions, as the loader accepts both. Node's APIs
 * are the few in {@link NODE_GLOBALS}; no `@types` package is read.
 */
export function typeCheckHere(file: string, cwd: string): TypeProblem[] {
  const { ts, done } = loadTypeScript();
  const options: import("typescript").CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    lib: ["lib.es2023.d.ts"],
    types: [],
    paths: { "homelab-gen": [join(packageRoot(), "dist", "dsl", "index.d.ts")] },
  };
  const host = ts.createCompilerHost(options);
  // As tsc does: JSDoc is parsed only where it can carry type errors (not the lib's many comments).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const globals = ts.createSourceFile(GLOBALS_FILE, NODE_GLOBALS, ts.ScriptTarget.ES2022, true);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, ...rest) => (name === GLOBALS_FILE ? globals : getSourceFile.call(host, name, ...rest));
  host.fileExists = (name) => name === GLOBALS_FILE || fileExists.call(host, name);
  const program = ts.createProgram([resolve(cwd, file), GLOBALS_FILE], options, host);
  const problems = ts.getPreEmitDiagnostics(program).map((d): TypeProblem => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1, character: -1 };
    return {
      file: d.file ? relative(cwd, d.file.fileName) : "",
      line: at.line + 1,
      column: at.character + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    };
  });
  done();
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
