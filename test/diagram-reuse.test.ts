import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { synthesizeAll } from "../cli/pipeline.js";
import { writeGenerated } from "../cli/write-generated.js";
import { layoutSvg } from "../layout/graphviz.js";
import { WriteConflictError } from "../writer/index.js";
import { miniLab } from "./support/mini-lab.js";

// Count layouts: the point of keeping an unchanged SVG is not loading Graphviz at all.
vi.mock("../layout/graphviz.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../layout/graphviz.js")>();
  return { ...actual, layoutSvg: vi.fn(actual.layoutSvg) };
});
const layouts = vi.mocked(layoutSvg);

describe("topology.svg is laid out only when its source changed", () => {
  const lab = miniLab();
  const generate = async () => {
    const s = await synthesizeAll(lab.file, { cwd: lab.dir });
    await writeGenerated(s, { force: false });
    return s.files.get("topology.svg")!;
  };
  beforeEach(() => layouts.mockClear());

  it("first run lays out; a run with nothing changed keeps the file without loading Graphviz", async () => {
    const first = await generate();
    expect(layouts).toHaveBeenCalledTimes(1);
    expect(first).toMatch(/Diagram source sha256: [0-9a-f]{64}/);
    const second = await generate();
    expect(layouts).toHaveBeenCalledTimes(1); // still only the first run's
    expect(second).toBe(first);
  });

  it("a changed topology is laid out again", async () => {
    const before = readFileSync(join(lab.out, "topology.svg"), "utf8");
    const file = join(lab.dir, lab.file);
    writeFileSync(file, readFileSync(file, "utf8").replace("gib(1)", "gib(3)"));
    const after = await generate();
    expect(layouts).toHaveBeenCalledTimes(1);
    expect(after).not.toBe(before);
    expect(after).toContain("3 GiB");
  });

  it("a hand-edited SVG (hash line kept) is not taken for generated output: laid out again, and the writer refuses", async () => {
    appendFileSync(join(lab.out, "topology.svg"), "<!-- my note -->\n");
    const s = await synthesizeAll(lab.file, { cwd: lab.dir });
    expect(layouts).toHaveBeenCalledTimes(1);
    await expect(writeGenerated(s, { force: false })).rejects.toThrow(WriteConflictError);
  });

  it("--no-diagram: neither file is produced, and nothing is laid out", async () => {
    const s = await synthesizeAll(lab.file, { cwd: lab.dir, diagram: false });
    expect([...s.files.keys()].filter((p) => p.startsWith("topology."))).toEqual([]);
    expect(layouts).not.toHaveBeenCalled();
  });
});
