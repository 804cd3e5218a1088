import type { ImportedLab } from "../declarations.js";
import { placeholder, topologyStatements } from "./write.js";

/**
 * The topology file for what import read: statements assembled with ts-morph's code model (a
 * source file with an import declaration and the statements), then formatted by prettier (loaded
 * only when importing: both are large). Deterministic: same input, same bytes.
 *
 * @example
 * await formatTopology("lab", imported, "lab.ts")
 */
export async function formatTopology(labName: string, imported: ImportedLab, fileName: string, header: readonly string[]): Promise<string> {
  const [{ Project }, prettier] = await Promise.all([import("ts-morph"), import("prettier")]);
  const project = new Project({ useInMemoryFileSystem: true });
  const source = project.createSourceFile(fileName, "");
  const { imports, statements, literals } = topologyStatements(labName, imported);
  source.addImportDeclaration({ moduleSpecifier: "homelab-gen", namedImports: imports });
  // The header while the file is small: inserting before statements re-parses what follows.
  source.insertStatements(0, header.map((l) => `// ${l}`).join("\n"));
  source.addStatements(statements);
  // The statements use no TypeScript-only syntax, so prettier's acorn parser reads them (a quarter
  // faster than its typescript parser on large imports; the same printer, the same output).
  const formatted = await prettier.format(source.getFullText(), { parser: "acorn", printWidth: 110 });
  return formatted.replace(/__hlgXml(\d+)__/g, (match, n: string) => {
    const literal = literals[Number(n)];
    if (literal === undefined || match !== placeholder(Number(n))) throw new Error(`unknown placeholder ${match}`);
    return literal;
  });
}
