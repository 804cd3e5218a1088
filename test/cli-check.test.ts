import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";
import { topo, topologyFile } from "./support/topology.js";

/** A copy of the project's examples and their committed output, so a test can alter it. */
function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-check-"));
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
  cpSync(join(ROOT, "generated"), join(dir, "generated"), { recursive: true });
  return dir;
}

describe("homelab-gen check", () => {
  it("passes on the committed examples", () => {
    const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".ts"));
    expect(examples).toContain("sccm.ts");
    for (const example of examples) {
      const name = example.replace(/\.ts$/, "");
      const r = runCli(["check", `examples/${example}`]);
      expect(r.stderr, example).toBe("");
      expect(r.code, example).toBe(0);
      expect(r.stdout).toBe(`examples/${example}: types ok, topology valid, generated/${name} up to date\n`);
    }
  });

  it("fails with a short diff after a generated file is altered", () => {
    const cwd = exampleCopy();
    const flake = join(cwd, "generated/sccm/flake.nix");
    writeFileSync(flake, readFileSync(flake, "utf8").replace("swtpm.enable = true;", "swtpm.enable = false;"));
    const r = runCli(["check", "examples/sccm.ts"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^error: generated\/sccm is stale \(1 different\); regenerate it with: homelab-gen examples\/sccm\.ts\n--- a\/flake\.nix\n\+\+\+ b\/flake\.nix\n@@ /,
    );
    expect(r.stderr).toContain("-            swtpm.enable = false;\n+            swtpm.enable = true;\n");
  });

  it("counts a stale manifest, and a folder that was never generated, as stale", () => {
    const cwd = exampleCopy();
    const manifest = join(cwd, "generated/sccm/.homelab-gen-manifest.json");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/"generatorVersion": "[^"]*"/, '"generatorVersion": "0.0.1"'));
    const stale = runCli(["check", "examples/sccm.ts", "--json"], { cwd });
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).generated).toMatchObject({ ok: false, added: [], changed: [".homelab-gen-manifest.json"], removed: [] });
    const missing = runCli(["check", "examples/sccm.ts", "--out", "generated/none", "--json"], { cwd });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).generated.added).toEqual([
      ".homelab-gen-manifest.json",
      "flake.nix",
      "nixvirt/domains.nix",
      "nixvirt/networks.nix",
      "nixvirt/pools.nix",
      ...["CLIENT01", "CLIENT02", "DC01", "SCCM01"].flatMap((vm) => [
        `seeds/${vm}/autounattend.xml`,
        `seeds/${vm}/homelab-gen/first-logon.ps1`,
        `seeds/${vm}/homelab-gen/secrets.xml`,
      ]),
      "seeds/assemble.sh",
      "seeds/media.sh",
      "topology.mmd",
      "topology.svg",
    ]);
    // On screen the diff stops after 40 lines.
    const text = runCli(["check", "examples/sccm.ts", "--out", "generated/none"], { cwd }).stderr.split("\n");
    expect(text[0]).toBe("error: generated/none is stale (21 missing); regenerate it with: homelab-gen examples/sccm.ts");
    expect(text.slice(1, 3)).toEqual(["--- /dev/null", "+++ b/flake.nix"]);
    expect(text[41]).toMatch(/^… \d+ more lines \(homelab-gen plan examples\/sccm\.ts --diff shows them all\)$/);
  });

  it("a missing or non-TypeScript file is one message and exit 1, as for generate", () => {
    for (const [file, message] of [
      ["nope.ts", "error: nope.ts: no such file\n"],
      ["README.md", "error: README.md: a topology is a TypeScript file (.ts)\n"],
    ]) {
      const r = runCli(["check", file!]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(message);
    }
  });

  it("fails with the TypeScript error's file, line and column on a topology with a type error", () => {
    const file = topologyFile(topo(`l.linuxVm("A", { memory: "lots", disk: pool.volume("a", { capacity: gib(1) }) });`), "typo.ts");
    const cwd = join(file, "..");
    const r = runCli(["check", "typo.ts"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: 1 type error:\n {2}typo\.ts:4:18: Type 'string' is not assignable to type /);
    const json = JSON.parse(runCli(["check", "typo.ts", "--json"], { cwd }).stdout);
    expect(json.ok).toBe(false);
    expect(json.types.errors).toEqual([{ file: "typo.ts", line: 4, column: 18, message: expect.stringContaining("Type 'string' is not assignable") }]);
  });

  it("reports validation problems with their places, and type-checks files the topology imports", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-check-"));
    writeFileSync(join(dir, "sizes.ts"), `export const big: number = "huge";\n`);
    writeFileSync(
      join(dir, "lab.ts"),
      [
        `import { gib, lab } from "homelab-gen";`,
        `import { big } from "./sizes";`,
        `const l = lab("t");`,
        `l.network("a", { subnet: "10.0.0.0/16" });`,
        `l.network("b", { subnet: "10.0.5.0/24" });`,
        `export default l;`,
        `void big; void gib;`,
      ].join("\n"),
    );
    const r = runCli(["check", "lab.ts", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.types.errors).toEqual([{ file: "sizes.ts", line: 1, column: 14, message: "Type 'string' is not assignable to type 'number'." }]);
    expect(report.validation.problems).toEqual([
      { file: "lab.ts", line: 5, column: 3, resource: "network b", message: "subnet 10.0.5.0/24 overlaps network a's subnet 10.0.0.0/16" },
    ]);
    expect(report.generated).toBeNull();
  });

  it("prints warnings without failing: on stderr for generate and check, in the report for --json", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-check-"));
    const source = topo(
      `l.linuxVm("web", { memory: gib(1), disk: pool.volume("web", { capacity: gib(1) }) });`,
      `l.linuxVm("WEB", { memory: gib(1), disk: pool.volume("web2", { capacity: gib(1) }) });`,
    );
    writeFileSync(join(dir, "lab.ts"), source);
    const message = `name differs from VM "web" (line 4) only by case; Windows, DNS and some file systems see one name`;
    const generated = runCli(["lab.ts"], { cwd: dir });
    expect(generated.code).toBe(0);
    expect(generated.stderr).toBe(`lab.ts:5:3: warning: vm WEB: ${message}\n`);
    const checked = runCli(["check", "lab.ts", "--json"], { cwd: dir });
    expect(checked.code).toBe(0);
    const report = JSON.parse(checked.stdout);
    expect(report.validation).toEqual({ ok: true, problems: [], warnings: [{ file: "lab.ts", line: 5, column: 3, resource: "vm WEB", message }] });
    expect(runCli(["check", "lab.ts"], { cwd: dir }).stderr).toBe(`lab.ts:5:3: warning: vm WEB: ${message}\n`);
  });
});
