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
  let placed = 0;
  const place = (n: string, indent: string): string => {
    placed++;
    const kept = literals[Number(n)];
    if (kept === undefined) throw new Error(`unknown placeholder ${placeholder(Number(n))}`);
    // The comment takes the item's indent; the template literal's own lines are its text, untouched.
    return `${kept.note.split("\n").map((line) => `${indent}${line}\n`).join("")}${indent}${kept.literal}`;
  };
  // One pass over the formatted skeleton (which holds no XML yet), so inserted text is never rescanned.
  const text = formatted.replace(
    /^( *)(?:(.*\[)((?:__hlgXml\d+__(?:, )?)+)(\].*)|__hlgXml(\d+)__)/gm,
    (_, indent: string, head: string | undefined, items: string | undefined, tail: string | undefined, single: string | undefined) => {
      if (single !== undefined) return place(single, indent);
      // A short list comes out on one line (`libvirtXml: [__hlgXml0__],`): one item a line instead.
      const inner = [...items!.matchAll(/__hlgXml(\d+)__/g)].map((m) => `${place(m[1]!, `${indent}  `)},`);
      return `${indent}${head}\n${inner.join("\n")}\n${indent}${tail}`;
    },
  );
  if (placed !== literals.length) throw new Error(`placed ${placed} of ${literals.length} kept XML elements: prettier laid a list out in an unexpected way`);
  return text;
}
