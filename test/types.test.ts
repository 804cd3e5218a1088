import { readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/generated.js";

/** Type-check files the way a user's editor does, with `homelab-gen` resolved to this repo's DSL. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ["node"],
    skipLibCheck: true,
    baseUrl: ROOT,
    paths: { "homelab-gen": ["dsl/index.ts"] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${d.file?.fileName ?? ""}:${where ? where.line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

describe("the DSL's types", () => {
  it("the examples type-check", () => {
    const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".ts")).map((f) => join(ROOT, "examples", f));
    expect(typeErrors(examples)).toEqual([]);
  });

  it("rule out wrong input (every @ts-expect-error line really is an error)", () => {
    // An unused @ts-expect-error is itself an error, so an empty list proves each marked line fails.
    expect(typeErrors([join(ROOT, "test/fixtures/types/wrong.ts")])).toEqual([]);
  });
});
