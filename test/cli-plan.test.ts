import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_NAME } from "../writer/index.js";
import { runCli } from "./support/cli.js";
import { fakes, runCliIn } from "./support/fake-tools.js";
import { synthExample } from "./support/generated.js";
import { miniLab } from "./support/mini-lab.js";

const FILES = ["flake.nix", "nixvirt/domains.nix", "nixvirt/networks.nix", "nixvirt/pools.nix", "topology.mmd", "topology.svg"];

describe("homelab-gen plan", () => {
  it("lists the files a generate would add, change and remove, and writes nothing", () => {
    const lab = miniLab();
    const state = join(mkdtempSync(join(tmpdir(), "hlg-virsh-")), "state");
    writeFileSync(state, "domain 6695eb01-f6a4-8304-79aa-97f2502e193f old-vm\n");
    const tools = fakes(["virsh"]);
    const r = runCliIn(["plan", lab.file], lab.dir, tools.env({ FAKE_VIRSH_STATE: state }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        "generated/lab: 6 added",
        ...FILES.map((f) => `  + ${f}`),
        "libvirt at qemu:///system: NixVirt would DELETE 1 object that is not in the topology:",
        "  domain old-vm (uuid 6695eb01-f6a4-8304-79aa-97f2502e193f)",
        "",
      ].join("\n"),
    );
    expect(existsSync(lab.out)).toBe(false);

    const tools2 = fakes(["virsh", "nix"]);
    expect(runCliIn(["build", lab.file], lab.dir, tools2.env()).code).toBe(0);
    writeFileSync(join(lab.dir, "lab.ts"), readFileSync(join(lab.dir, "lab.ts"), "utf8").replace("10.9.0.0/24", "10.8.0.0/24"));
    writeFileSync(join(lab.out, "nixvirt/pools.nix"), "# edited by hand\n");
    // A file an earlier version generated (in the manifest, unedited) that is generated no more.
    writeFileSync(join(lab.out, "old.nix"), "{ }\n");
    const manifest = JSON.parse(readFileSync(join(lab.out, MANIFEST_NAME), "utf8"));
    manifest.files["old.nix"] = { sha256: createHash("sha256").update("{ }\n").digest("hex") };
    writeFileSync(join(lab.out, MANIFEST_NAME), JSON.stringify(manifest));
    const after = runCliIn(["plan", lab.file, "--diff"], lab.dir, tools.env());
    expect(after.stdout).toContain(
      [
        "generated/lab: 3 changed, 1 removed",
        "  ~ nixvirt/networks.nix",
        "  ~ topology.mmd",
        "  ~ topology.svg",
        "  - old.nix",
        "  ! nixvirt/pools.nix: edited by hand; generating refuses to overwrite it without --force",
        "libvirt at qemu:///system: nothing would be deleted",
      ].join("\n"),
    );
    expect(after.stdout).toContain("--- a/nixvirt/networks.nix\n+++ b/nixvirt/networks.nix\n");
    expect(after.stdout).toContain('-        address = "10.9.0.1";');
    expect(after.stdout).toMatch(/^--- a\/nixvirt\/pools\.nix\n\+\+\+ b\/nixvirt\/pools\.nix\n@@ [^\n]+ @@\n-# edited by hand\n/m);
  });

  it("--json: files, libvirt check and (with --diff) the diff as one document", () => {
    const lab = miniLab();
    const r = runCliIn(["plan", lab.file, "--json", "--diff"], lab.dir, fakes(["virsh"]).env());
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      outDir: "generated/lab",
      files: { added: FILES, changed: [], removed: [], conflicts: [] },
      libvirt: { uri: "qemu:///system", checked: true, deletions: [] },
    });
    expect(plan.diff).toContain("--- /dev/null\n+++ b/flake.nix\n");
  });

  it("without virsh the libvirt part is reported as not checked, and the plan still succeeds", () => {
    const lab = miniLab();
    const r = runCliIn(["plan", lab.file, "--json"], lab.dir, fakes([]).env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).libvirt).toEqual({
      uri: "qemu:///system",
      checked: false,
      reason: expect.stringMatching(/^virsh is not installed \(not found on PATH\); homelab-gen plan runs it to list libvirt's domains, networks and pools\./),
    });
  });

  it("reads a real libvirt with the real virsh (libvirt's test driver) and spots a same-named network with another UUID", () => {
    const sccmDefault = synthExample("sccm").model.networks.find((n) => n.name === "default")!.uuid;
    const r = runCli(["plan", "examples/sccm.ts", "--connect", "test:///default"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      [
        "libvirt at test:///default: NixVirt would DELETE 3 objects that are not in the topology:",
        "  domain test (uuid 6695eb01-f6a4-8304-79aa-97f2502e193f)",
        `  network default (uuid dd8fe884-6c02-601e-7551-cca97df1c5df): the topology's network default has uuid ${sccmDefault}, so this one is replaced`,
        "  pool default-pool (uuid dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566)",
      ].join("\n"),
    );
  });
});
