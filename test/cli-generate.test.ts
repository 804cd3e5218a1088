import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../cli/version.js";
import { CLI, runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";
import { topo, topologyFile } from "./support/topology.js";

const tmp = () => mkdtempSync(join(tmpdir(), "hlg-cli-"));

describe("homelab-gen FILE", () => {
  it("--help and --version exit 0", () => {
    const help = runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: homelab-gen");
    const version = runCli(["--version"]);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toBe(VERSION);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version).toBe(VERSION);
  });

  it("the built bin is executable, so `npx homelab-gen` works after a rebuild", () => {
    expect(statSync(CLI).mode & 0o111).toBe(0o111);
  });

  it("usage errors exit 2", () => {
    expect(runCli([]).code).toBe(2);
    expect(runCli(["examples/sccm.ts", "--no-such-flag"]).code).toBe(2);
    expect(runCli(["examples/sccm.ts", "--target", "vmware"]).code).toBe(2);
  });

  it("writes generated/<name> under the current folder by default, and --out elsewhere", () => {
    const cwd = tmp();
    const file = topologyFile(topo(`l.network("lan", { subnet: "10.0.0.0/24" });`), "mylab.ts");
    const r = runCli([file], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, "generated/mylab")).sort()).toEqual([".homelab-gen-manifest.json", "flake.nix", "nixvirt", "topology.mmd", "topology.svg"]);
    const out = join(tmp(), "elsewhere");
    expect(runCli([file, "--out", out], { cwd }).code).toBe(0);
    expect(existsSync(join(out, "flake.nix"))).toBe(true);
  });

  it("regenerating an unchanged topology touches no file", () => {
    const out = join(tmp(), "sccm");
    expect(runCli(["examples/sccm.ts", "--out", out]).code).toBe(0);
    const past = new Date("2001-01-01T00:00:00Z");
    const files = ["flake.nix", "nixvirt/domains.nix", "nixvirt/networks.nix", "nixvirt/pools.nix", "seeds/assemble.sh", "seeds/media.sh", "seeds/DC01/autounattend.xml", "topology.mmd", "topology.svg", ".homelab-gen-manifest.json"];
    for (const f of files) utimesSync(join(out, f), past, past);
    const again = runCli(["examples/sccm.ts", "--out", out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("20 unchanged");
    for (const f of files) expect(statSync(join(out, f)).mtimeMs, f).toBe(past.getTime());
  });

  it("an invalid topology exits 1, lists every problem with file:line:col, writes nothing, shows no stack trace", () => {
    const cwd = tmp();
    const file = topologyFile(
      topo(`const lan = l.network("lan", { subnet: "10.0.0.0/24", bridge: "a-very-long-bridge" });`, `l.linuxVm("A", { memory: gib(1), disk: pool.volume("a", { capacity: gib(1) }), nics: [{ network: lan, ip: "10.0.0.1" }] });`),
      "bad.ts",
    );
    const r = runCli([file], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 problems in the topology; nothing was written/);
    expect(r.stderr).toMatch(/bad\.ts:4:\d+: network lan: bridge name "a-very-long-bridge" is 18 characters/);
    expect(r.stderr).toMatch(/bad\.ts:5:\d+: vm A: static IP of NIC 1 10\.0\.0\.1 is the gateway of network lan/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, "generated"))).toBe(false);
  });

  it("points at the exact column of the declaration", () => {
    const file = topologyFile(topo(`const x = 1; l.network("lan", { subnet: "nope" });`), "col.ts");
    const r = runCli([file], { cwd: tmp() });
    expect(r.stderr).toContain(`col.ts:4:16: network lan: subnet "nope" is not an IPv4 CIDR`);
  });

  it("a topology that does not compile, throws, or exports no lab exits 1 with one clear message", () => {
    const cases = {
      "syntax.ts": `import { lab } from "homelab-gen";\nexport default lab("x"`,
      "throws.ts": `import { lab } from "homelab-gen";\nthrow new Error("boom");`,
      "noexport.ts": `import { lab } from "homelab-gen";\nlab("x");`,
    };
    for (const [name, source] of Object.entries(cases)) {
      const r = runCli([topologyFile(source, name)], { cwd: tmp() });
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(/^error: /);
      expect(r.stderr, name).not.toMatch(/node:internal|at Module\._compile/);
    }
    expect(runCli(["does-not-exist.ts"], { cwd: tmp() }).stderr).toContain("does-not-exist.ts: no such file");
  });

  it("refuses to overwrite a hand-edited generated file without --force", () => {
    const out = join(tmp(), "sccm");
    runCli(["examples/sccm.ts", "--out", out]);
    writeFileSync(join(out, "flake.nix"), "# my edit\n");
    const r = runCli(["examples/sccm.ts", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("flake.nix");
    expect(readFileSync(join(out, "flake.nix"), "utf8")).toBe("# my edit\n");
    expect(runCli(["examples/sccm.ts", "--out", out, "--force"]).code).toBe(0);
    expect(readFileSync(join(out, "flake.nix"), "utf8")).toContain("Generated by homelab-gen");
  });

  it("a topology may import its own TypeScript helpers", () => {
    const file = topologyFile(topo(`l.network("lan", { subnet: "10.0.0.0/24" });`), "main.ts");
    writeFileSync(file, `import { sizes } from "./helper";\n` + readFileSync(file, "utf8").replace("gib(1)", "sizes.small"));
    writeFileSync(join(file, "..", "helper.ts"), `import { gib, type Size } from "homelab-gen";\nexport const sizes: { small: Size } = { small: gib(1) };\n`);
    expect(runCli([file], { cwd: tmp() }).code).toBe(0);
  });
});
