import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseXml } from "../syntax/xml/parse.js";
import { runCli } from "./support/cli.js";
import { ROOT, nixStr } from "./support/generated.js";
import { importAndGenerate } from "./support/import-roundtrip.js";
import { nixEvalJson, nixParse } from "./support/nix.js";

const STUB = join(ROOT, "test/fixtures/nixvirt-stub.nix");

describe("homelab-gen import --connect against a real libvirt (the test driver), then generate, check and plan", () => {
  it("imports the test driver's network, pool and domain; check passes; plan lists nothing NixVirt would delete", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-import-connect-"));
    const imported = runCli(["import", "--connect", "test:///default", "-o", "lab.ts"], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^wrote lab\.ts: imported 1 VM, 1 network, 1 pool, 0 volumes; 7 elements kept as XML: vm test <currentMemory unit='KiB'>; vm test <os>;/);
    const source = readFileSync(join(dir, "lab.ts"), "utf8");
    expect(source).toContain(`const defaultNet = topology.network("default", {\n  mode: "nat",\n  subnet: "192.168.122.0/24",`);
    expect(source).toContain(`uuid: "6695eb01-f6a4-8304-79aa-97f2502e193f",`);

    const generated = runCli(["lab.ts"], { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    const check = runCli(["check", "lab.ts"], { cwd: dir });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("lab.ts: types ok, topology valid, generated/lab up to date");
    const plan = runCli(["plan", "lab.ts", "--connect", "test:///default", "--json"], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).libvirt).toMatchObject({ uri: "test:///default", checked: true, deletions: [] });
  });

  it("the NixOS target hands NixVirt the imported objects as XML files: the lists parse and evaluate, the files are the libvirt target's XML", () => {
    const { dir, topology } = importAndGenerate(join(ROOT, "test/fixtures/import/libvirt/virt-manager-testdriver"));
    const nixos = runCli([topology, "--out", join(dir, "nixos")], { cwd: dir });
    expect(nixos.code, nixos.stderr).toBe(0);
    const check = runCli(["check", topology, "--out", join(dir, "nixos")], { cwd: dir });
    expect(check.code, check.stderr).toBe(0);
    const list = (name: string) => {
      nixParse(join(dir, "nixos/nixvirt", `${name}.nix`));
      return nixEvalJson(`map (x: x // { definition = if builtins.isPath x.definition then builtins.readFile x.definition else x.definition; }) (import ${nixStr(join(dir, "nixos/nixvirt", `${name}.nix`))} { nixvirt = import ${nixStr(STUB)}; })`) as { definition: string }[];
    };
    const domains = list("domains");
    expect(domains).toHaveLength(1);
    const body = (xml: string) => xml.replace(/^(<!--.*-->\n)+/, "");
    expect(body(domains[0]!.definition)).toBe(body(readFileSync(join(dir, "out/libvirt/domains/test-clone.xml"), "utf8")));
    expect(parseXml(domains[0]!.definition).name).toBe("domain");
    const networks = list("networks");
    // default and isolated_net keep XML (a file); route is fully typed (NixVirt attributes).
    expect(networks.map((n) => (typeof n.definition === "string" ? "file" : "attrs"))).toEqual(["file", "file", "attrs"]);
  });
});
