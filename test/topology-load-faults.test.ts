import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { expectNoTrace } from "./support/no-trace.js";

/** A topology file in a fresh folder with no node_modules anywhere above it, as in a consumer repository. */
function consumerTopology(...lines: string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "hlg-load-"));
  writeFileSync(join(dir, "t.ts"), [`import { gib, lab } from "homelab-gen";`, `const l = lab("t");`, ...lines, `export default l;`, ``].join("\n"));
  return { dir, file: "t.ts" };
}

describe("a topology that misbehaves while loading: one message, exit 1, nothing written", () => {
  it.each([
    ["throws a string", `throw "boom";`, /t\.ts: the topology threw "boom", which is not an Error and carries no line: throw new Error\(\.\.\.\) to see where$/m],
    ["throws undefined", `throw undefined;`, /t\.ts: the topology threw undefined, which is not an Error/],
    ["calls process.exit", `process.exit(3);`, /t\.ts:3:9: the topology called process\.exit\(3\); a topology declares resources and returns, it never exits$/m],
    ["uses top-level await", `const n = await Promise.resolve(1);`, /t\.ts:3:11: top-level await is not supported: a topology is loaded synchronously/],
    ["uses import.meta", `const here = import.meta.url;`, /t\.ts:3:\d+: import\.meta is not available: a topology is loaded as a CommonJS module; use __dirname or __filename$/m],
  ])("%s", (_, line, message) => {
    const { dir, file } = consumerTopology(line);
    for (const command of [[], ["plan"], ["build"]]) {
      const r = runCli([...command, file], { cwd: dir });
      expect(r.code, command.join(" ")).toBe(1);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(message);
      expectNoTrace(r.stderr);
      expect(existsSync(join(dir, "generated"))).toBe(false);
    }
    const check = runCli(["check", file, "--json"], { cwd: dir });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).validation.problems[0].message).toMatch(message);
  });

  it("console.log in a topology prints on stderr: the stdout of --json commands stays JSON", () => {
    const { dir, file } = consumerTopology(`console.log("hello from the topology");`, `console.info({ a: 1 });`);
    const check = runCli(["check", file, "--json"], { cwd: dir });
    expect(JSON.parse(check.stdout).validation.ok).toBe(true);
    expect(check.stderr).toContain("hello from the topology");
    const plan = runCli(["plan", file, "--json", "--connect", "test:///default"], { cwd: dir });
    expect(JSON.parse(plan.stdout).outDir).toBe("generated/t");
    expect(plan.stderr).toContain("hello from the topology");
  });
});

describe("check in a consumer repository (no @types/node installed)", () => {
  it("passes on a topology that uses process.env, console and node:fs", () => {
    const { dir, file } = consumerTopology(
      `import { readFileSync, existsSync } from "node:fs";`,
      `import { join } from "node:path";`,
      `const size = Number(process.env.VM_GIB ?? "2");`,
      `const note = existsSync(join(__dirname, "note.txt")) ? readFileSync(join(__dirname, "note.txt"), "utf8") : "";`,
      `console.error(note.length);`,
      `const pool = l.pool("p", { path: "/srv/p" });`,
      `l.linuxVm("a", { memory: gib(size), disk: pool.volume("a", { capacity: gib(8) }) });`,
    );
    // An empty home: no compiled-code cache yet, and none needed.
    const home = mkdtempSync(join(tmpdir(), "hlg-home-"));
    expect(runCli([file], { cwd: dir }).code).toBe(0);
    const r = runCli(["check", file], { cwd: dir, env: { HOME: home, XDG_CACHE_HOME: "" } });
    expect(r.stderr).toBe("0\n");
    expect(r).toMatchObject({ code: 0, stdout: "t.ts: types ok, topology valid, generated/t up to date\n" });
    // Again, from the cache that run wrote outside the work tree.
    expect(runCli(["check", file], { cwd: dir, env: { HOME: home, XDG_CACHE_HOME: "" } }).code).toBe(0);
  });

  it("Node APIs beyond the declared few are type errors at their line (no @types/node is read)", () => {
    const { dir, file } = consumerTopology(`const b = Buffer.from("x");`);
    const r = runCli(["check", file, "--json"], { cwd: dir });
    expect(JSON.parse(r.stdout).types.errors).toEqual([{ file: "t.ts", line: 3, column: 11, message: expect.stringMatching(/^Cannot find name 'Buffer'\./) }]);
  });
});
