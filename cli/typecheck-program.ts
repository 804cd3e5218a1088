import { join, relative, resolve } from "node:path";
import { NODE_GLOBALS } from "./node-globals.js";
import type { TypeScript } from "./typescript-compiler.js";

/** One TypeScript error, at a place in a file (relative to the current folder; line and column from 1). */
export interface TypeProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The folder of the files served from memory: a name no real folder has. */
const IN_MEMORY = "/__homelab-gen__/";
/** Where the Node.js declarations are served from. */
const GLOBALS_FILE = `${IN_MEMORY}node-globals.d.ts`;

/** A small topology, served from memory, that {@link TypeChecker.warmUp} checks. */
const WARM_UP_FILE = `${IN_MEMORY}warm-up.ts`;
const WARM_UP_TOPOLOGY = `import { gib, lab } from "homelab-gen";
const l = lab("warm-up");
const net = l.network("net", { mode: "nat", subnet: "192.168.56.0/24", dhcp: { start: "192.168.56.100", end: "192.168.56.200" } });
const pool = l.pool("p", { path: "/var/lib/libvirt/images/p" });
l.linuxVm("a", { memory: gib(2), disk: pool.volume("a", { capacity: gib(8), format: "qcow2" }), nics: [{ network: net, ip: "192.168.56.10" }] });
for (const name of ["b", "c"]) l.windowsVm(name, { memory: gib(4), disk: pool.volume(name, { capacity: gib(60) }), installIso: "w.iso", nics: [{ network: net }] });
l.host("h", { nixpkgs: "nixos-26.05" });
export default l;
`;

/** A type checker that keeps the files it parsed (and the binder's work on them) for its next check. */
export interface TypeChecker {
  /** Every type error of `file` (relative to `cwd`) and the files it imports, in file and line order. */
  check(file: string, cwd: string): TypeProblem[];
  /**
   * Checks {@link WARM_UP_TOPOLOGY}: the compiler's functions are compiled and the standard library
   * and homelab-gen's declarations parsed and bound, and nothing of any user's file is held.
   */
  warmUp(): TypeProblem[];
}

/**
 * A full, strict TypeScript check of a topology and every file it imports, the way an editor sees
 * it. `homelab-gen` resolves to the declarations under `packageRoot` (the DSL the CLI loads the
 * topology with); relative imports may omit or use `.ts` extensions, as the loader accepts both.
 * Node's APIs are the few in {@link NODE_GLOBALS}; no `@types` package is read.
 *
 * A parsed file is used again only while its text is unchanged. That is how TypeScript's language
 * service shares source files between programs: the parse and the binder's symbols live on the
 * file, the checker's results do not.
 */
export function createTypeChecker(ts: TypeScript, packageRoot: string): TypeChecker {
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
    paths: { "homelab-gen": [join(packageRoot, "dist", "dsl", "index.d.ts")] },
  };
  const inMemory = (name: string, text: string) => [name, ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true)] as const;
  const parsed = new Map<string, import("typescript").SourceFile>([inMemory(GLOBALS_FILE, NODE_GLOBALS)]);
  // A host per check: createCompilerHost remembers the current folder.
  const compilerHost = (): import("typescript").CompilerHost => {
    const host = ts.createCompilerHost(options);
    // As tsc does: JSDoc is parsed only where it can carry type errors (not the lib's many comments).
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    const { getSourceFile, fileExists } = host;
    host.getSourceFile = (name, languageVersion, onError, createNew) => {
      const known = createNew ? undefined : parsed.get(name);
      if (known !== undefined && (name.startsWith(IN_MEMORY) || known.text === host.readFile(name))) return known;
      const file = getSourceFile.call(host, name, languageVersion, onError, createNew);
      if (file !== undefined) parsed.set(name, file);
      return file;
    };
    host.fileExists = (name) => (name.startsWith(IN_MEMORY) ? parsed.has(name) : fileExists.call(host, name));
    return host;
  };

  const check = (file: string, cwd: string): TypeProblem[] => {
    const program = ts.createProgram([resolve(cwd, file), GLOBALS_FILE], options, compilerHost());
    const problems = ts.getPreEmitDiagnostics(program).map((d): TypeProblem => {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1, character: -1 };
      return {
        file: d.file ? relative(cwd, d.file.fileName) : "",
        line: at.line + 1,
        column: at.character + 1,
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      };
    });
    return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  };
  const warmUp = (): TypeProblem[] => {
    parsed.set(...inMemory(WARM_UP_FILE, WARM_UP_TOPOLOGY));
    const problems = check(WARM_UP_FILE, "/");
    parsed.delete(WARM_UP_FILE);
    return problems;
  };
  return { check, warmUp };
}
