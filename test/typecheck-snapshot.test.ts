import { mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createTypeChecker } from "../cli/typecheck-program.js";
import { runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";

/** A topology with a type error of its own and one in a file it imports, and a cache folder of its own. */
function lab(marker: string) {
  const dir = mkdtempSync(join(tmpdir(), "hlg-snapshot-"));
  writeFileSync(join(dir, "sizes.ts"), [`export const small: number = "2";`, `export const note = "${marker}";`, ``].join("\n"));
  writeFileSync(
    join(dir, "lab.ts"),
    [
      `import { gib, lab } from "homelab-gen";`,
      `import { note, small } from "./sizes";`,
      `// ${marker}`,
      `const l = lab("t");`,
      `const pool = l.pool("p", { path: "/srv/p" });`,
      `l.linuxVm("a", { memory: gib(small), disk: pool.volume("a", { capacity: gib(8) }), description: note });`,
      `l.linuxVm("b", { memory: gib(2), disk: pool.volume("b", { capacity: 8 }) });`,
      `export default l;`,
      ``,
    ].join("\n"),
  );
  return { dir, cache: join(dir, "cache") };
}

const typeErrors = (dir: string, cache: string) => {
  const r = runCli(["check", "lab.ts", "--json", "--no-diagram"], { cwd: dir, env: { XDG_CACHE_HOME: cache } });
  return JSON.parse(r.stdout).types.errors as { file: string; line: number; message: string }[];
};
const snapshots = (cache: string): string[] =>
  readdirSync(join(cache, "homelab-gen"))
    .filter((f) => f.startsWith("typecheck-") && f.endsWith(".blob"))
    .map((f) => join(cache, "homelab-gen", f));

describe("check's type check from a start-up snapshot", () => {
  const marker = `hlg-marker-${process.pid}-${Date.now()}`;
  const { dir, cache } = lab(marker);
  const first = typeErrors(dir, cache);

  it("the first check builds the snapshot and reports every error, in the topology and in the files it imports", () => {
    expect(first.map((e) => [e.file, e.line])).toEqual([
      ["lab.ts", 6],
      ["lab.ts", 7],
      ["sizes.ts", 1],
    ]);
    expect(first[2]!.message).toMatch(/Type 'string' is not assignable to type 'number'/);
    const [blob, ...others] = snapshots(cache);
    expect(others).toEqual([]);
    expect(blob).toMatch(/typecheck-[0-9a-f]{24}\.blob$/);
    expect(statSync(blob!).mode & 0o777).toBe(0o600);
  });

  it("a check started from the snapshot reports the same, and sees a file changed since", () => {
    expect(typeErrors(dir, cache)).toEqual(first);
    writeFileSync(join(dir, "sizes.ts"), `export const small = 2;\nexport const note = "fixed";\n`);
    expect(typeErrors(dir, cache).map((e) => [e.file, e.line])).toEqual([
      ["lab.ts", 6],
      ["lab.ts", 7],
    ]);
    writeFileSync(join(dir, "sizes.ts"), `export const small: number = "2";\nexport const note = "${marker}";\n`);
    expect(typeErrors(dir, cache)).toEqual(first);
  });

  it("the saved heap holds the compiler's and homelab-gen's declarations, and nothing of the topology's files", () => {
    const blob = readFileSync(snapshots(cache)[0]!);
    expect(blob.includes("interface ReadonlyArray<T>")).toBe(true); // lib.es5.d.ts, parsed
    expect(blob.includes("linuxVm")).toBe(true); // homelab-gen's declarations
    expect(blob.includes(marker)).toBe(false);
  });

  it("a damaged snapshot is deleted and the check done without it; the next check builds it again, once", () => {
    const blob = snapshots(cache)[0]!;
    truncateSync(blob, 4096);
    expect(typeErrors(dir, cache)).toEqual(first);
    expect(snapshots(cache)).toEqual([]);
    expect(typeErrors(dir, cache)).toEqual(first);
    expect(snapshots(cache)).toEqual([blob]);
    // Failing again, it is given up: later checks run in a worker and build nothing.
    truncateSync(blob, 4096);
    expect(typeErrors(dir, cache)).toEqual(first);
    expect(readFileSync(`${blob}.failures`, "utf8")).toBe("2\n");
    expect(typeErrors(dir, cache)).toEqual(first);
    expect(snapshots(cache)).toEqual([]);
  });

  it("without a cache folder (XDG_CACHE_HOME is a file) the check runs in a worker and reports the same", () => {
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "");
    expect(typeErrors(dir, file)).toEqual(first);
  });

  it("the snapshot's warm-up topology is a valid topology (a DSL change that breaks it fails here)", () => {
    const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
    expect(createTypeChecker(ts, ROOT).warmUp()).toEqual([]);
  });
});
