import { join, relative, resolve } from "node:path";
import { packageRoot } from "./package-root.js";

/** One TypeScript error, at a place in a file (relative to the current folder; line and column from 1). */
export interface TypeProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** `file:line:column: message`. */
export const formatTypeProblem = (p: TypeProblem): string => `${p.file}:${p.line}:${p.column}: ${p.message}`;

/**
 * A full, strict TypeScript check of a topology and every file it imports, the way an editor sees
 * it. `homelab-gen` resolves to this very package's declarations (the DSL the CLI loads the topology
 * with); relative imports may omit or use `.ts` extensions, as the loader accepts both.
 */
export async function typeCheck(file: string, cwd: string = process.cwd()): Promise<TypeProblem[]> {
  // ts-morph (and TypeScript) are large: loaded only by `check`, never at a plain generate.
  const { Project, ts } = await import("ts-morph");
  const project = new Project({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      lib: ["lib.es2023.d.ts"],
      paths: { "homelab-gen": [join(packageRoot(), "dist", "dsl", "index.d.ts")] },
    },
    skipAddingFilesFromTsConfig: true,
  });
  project.addSourceFileAtPath(resolve(cwd, file));
  project.resolveSourceFileDependencies();
  const problems = project.getPreEmitDiagnostics().map((d): TypeProblem => {
    const source = d.getSourceFile();
    const at = source && d.getStart() !== undefined ? source.getLineAndColumnAtPos(d.getStart()!) : { line: 0, column: 0 };
    return {
      file: source ? relative(cwd, source.getFilePath()) : "",
      line: at.line,
      column: at.column,
      message: ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n"),
    };
  });
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
