import { createRequire } from "node:module";
import type { ImportedLab } from "../declarations.js";
import { placeholder, topologyStatements, type KeptLiteral } from "./write.js";

/**
 * ts-morph (with TypeScript) is one large CommonJS package: `require` loads it directly, where
 * `import()` would first run Node's CommonJS export lexer over it (a tenth of a large import's time).
 */
const loadTsMorph = (): typeof import("ts-morph") => createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");

/**
 * The topology file for what import read: one source file built by ts-morph's code model from its
 * structure (the header, the import declaration, the statements: parsed once), then formatted by
 * prettier (loaded only when importing: both are large). Deterministic: same input, same bytes.
 *
 * @example
 * await formatTopology("lab", imported, "lab.ts")
 */
export async function formatTopology(labName: string, imported: ImportedLab, fileName: string, header: readonly string[]): Promise<string> {
  const { Project, StructureKind } = loadTsMorph();
  const prettier = await import("prettier");
  const project = new Project({ useInMemoryFileSystem: true });
  const { imports, statements, literals } = topologyStatements(labName, imported);
  const source = project.createSourceFile(fileName, {
    statements: [header.map((l) => `// ${l}`).join("\n"), { kind: StructureKind.ImportDeclaration, moduleSpecifier: "homelab-gen", namedImports: imports }, ...statements],
  });
  // The statements use no TypeScript-only syntax, so a JavaScript parser reads them: meriyah, the
  // fastest of prettier's on a large import (acorn's scope tracking grows with the square of the
  // top-level declarations), the same ESTree for the same printer, the same output. They hold no
  // template literal, so there is no embedded language to look for.
  const formatted = await prettier.format(source.getFullText(), { parser: "meriyah", printWidth: 110, embeddedLanguageFormatting: "off" });
  let placed = 0;
  // Each object's properties stand one a line (the source breaks every object after its `{`), so a
  // placeholder is a line of its own: `    __hlgXml3__,`. One pass over the formatted skeleton
  // (which holds no XML yet), so inserted text is never rescanned.
  const text = formatted.replace(/^( *)__hlgXml(\d+)__,$/gm, (_, indent: string, n: string) => {
    placed++;
    const list = literals[Number(n)];
    if (list === undefined) throw new Error(`unknown placeholder ${placeholder(Number(n))}`);
    return `${indent}libvirtXml: [\n${list.map((kept) => `${keptItem(kept, `${indent}  `)},\n`).join("")}${indent}],`;
  });
  if (placed !== literals.length) throw new Error(`placed ${placed} of ${literals.length} kept XML lists: prettier laid an object out in an unexpected way`);
  return text;
}

/** The comment takes the item's indent; the template literal's own lines are its text, untouched. */
const keptItem = (kept: KeptLiteral, indent: string): string => `${kept.note.split("\n").map((line) => `${indent}${line}\n`).join("")}${indent}${kept.literal}`;
