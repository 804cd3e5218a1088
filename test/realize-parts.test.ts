import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { wouldDelete } from "../realize/deletions.js";
import { ToolFailure } from "../realize/failure.js";
import { gitFlakeRef, pathFlakeRef } from "../realize/flake-source.js";
import { libvirtUri, listLibvirt, parseUuidNames } from "../realize/libvirt-objects.js";
import { logFile } from "../realize/log-file.js";
import { imageAttr, parseBuildJson, systemAttr } from "../realize/nix-build.js";
import { checkNixVersion, parseNixVersion } from "../realize/nix-version.js";
import { runTool } from "../realize/run-tool.js";
import { ROOT } from "./support/generated.js";
import { miniLab } from "./support/mini-lab.js";
import { requireTool } from "./support/nix.js";

describe("the Nix version check", () => {
  it("reads the version from every known `nix --version` format", () => {
    expect(parseNixVersion("nix (Nix) 2.8.0\n")).toEqual([2, 8, 0]);
    expect(parseNixVersion("nix (Nix) 2.24.10")).toEqual([2, 24, 10]);
    expect(parseNixVersion("nix (Determinate Nix 3.8.0) 2.30.0")).toEqual([2, 30, 0]);
    expect(parseNixVersion("nix (Lix, like Nix) 2.91.1")).toEqual([2, 91, 1]);
    expect(parseNixVersion("garbage")).toBeUndefined();
  });

  it("accepts 2.18 and newer, rejects older with the reason, unless HOMELAB_GEN_ALLOW_OLD_NIX=1", () => {
    const purpose = "homelab-gen build runs it";
    expect(() => checkNixVersion("nix (Nix) 2.18.0", purpose, {})).not.toThrow();
    expect(() => checkNixVersion("nix (Nix) 3.0", purpose, {})).not.toThrow();
    expect(() => checkNixVersion("nix (Nix) 2.17.1", purpose, {})).toThrow(ToolFailure);
    expect(() => checkNixVersion("nix (Nix) 2.8.0", purpose, {})).toThrow(
      "Nix 2.8.0 is too old: homelab-gen build runs it, and needs Nix 2.18 or newer (current nixpkgs requires it).",
    );
    expect(() => checkNixVersion("nix (Nix) 2.8.0", purpose, { HOMELAB_GEN_ALLOW_OLD_NIX: "1" })).not.toThrow();
    expect(() => checkNixVersion("what", purpose, {})).toThrow('cannot tell the Nix version from "what"');
  });
});

describe("flake references", () => {
  it("address a folder through its git work tree, or as a path, percent-encoding what URLs need", () => {
    expect(gitFlakeRef("/repo", "/repo/generated/lab")).toBe("git+file:///repo?dir=generated/lab");
    expect(gitFlakeRef("/repo", "/repo")).toBe("git+file:///repo");
    expect(gitFlakeRef("/my repo", "/my repo/gen #1")).toBe("git+file:///my%20repo?dir=gen%20%231");
    expect(pathFlakeRef("/tmp/a b/lab")).toBe("path:/tmp/a%20b/lab");
  });

  it("name hosts' systems and images as attribute paths, quoting names nix would split", () => {
    expect(systemAttr("hv")).toBe("nixosConfigurations.hv.config.system.build.toplevel");
    expect(systemAttr("hv.lan")).toBe('nixosConfigurations."hv.lan".config.system.build.toplevel');
    expect(imageAttr("web-1.2")).toBe('packages.x86_64-linux."web-1.2"');
  });

  it("nix build --json output is read in the order of the attributes; anything else is a tool failure", () => {
    const out = '[{"drvPath":"/nix/store/a-x.drv","outputs":{"out":"/nix/store/b-x"}}]';
    expect(parseBuildJson(out, ["x"])).toEqual([{ attr: "x", drvPath: "/nix/store/a-x.drv", outputs: { out: "/nix/store/b-x" } }]);
    expect(() => parseBuildJson(out, ["x", "y"])).toThrow(ToolFailure);
    expect(() => parseBuildJson("/nix/store/b-x\n", ["x"])).toThrow("nix build succeeded but printed no build results in JSON");
  });
});

describe("libvirt objects and NixVirt's deletions", () => {
  it("connects to the local system libvirt, the target host's over ssh, or the URI given", () => {
    expect(libvirtUri({})).toBe("qemu:///system");
    expect(libvirtUri({ targetHost: "root@hv" })).toBe("qemu+ssh://root@hv/system");
    expect(libvirtUri({ targetHost: "root@hv", connect: "test:///default" })).toBe("test:///default");
    expect(parseUuidNames("6695eb01-f6a4-8304-79aa-97f2502e193f test\n\nabc  default-pool        \n")).toEqual([
      { uuid: "6695eb01-f6a4-8304-79aa-97f2502e193f", name: "test" },
      { uuid: "abc", name: "default-pool" },
    ]);
  });

  it("lists domains, networks and pools with the real virsh (libvirt's test driver)", async () => {
    requireTool("virsh");
    const objects = await listLibvirt(`test://${join(ROOT, "test/fixtures/libvirt-node.xml")}`, "test", { env: process.env });
    expect(objects).toEqual([
      { kind: "domain", name: "old-vm", uuid: "11111111-2222-4333-8444-555555555555" },
      { kind: "network", name: "alpha", uuid: "ffffffff-2222-4333-8444-555555555555" },
      { kind: "network", name: "zeta", uuid: "aaaaaaaa-2222-4333-8444-555555555555" },
      { kind: "pool", name: "images", uuid: "22222222-2222-4333-8444-555555555555" },
    ]);
    await expect(listLibvirt("test:///no/such/file.xml", "test", { env: process.env })).rejects.toThrow(
      /^virsh could not list libvirt's objects at test:\/\/\/no\/such\/file\.xml \(exit code 1\):\n(.*\n)?error: failed to connect to the hypervisor/,
    );
  });

  it("everything whose UUID the topology lacks is deleted, a same-named object with another UUID included", () => {
    const { model } = miniLab();
    const lan = model.networks[0]!;
    const live = [
      { kind: "pool" as const, name: "other", uuid: "33333333-2222-4333-8444-555555555555" },
      { kind: "network" as const, name: "lan", uuid: "44444444-2222-4333-8444-555555555555" },
      { kind: "network" as const, name: "lan2", uuid: lan.uuid.toUpperCase() },
      { kind: "domain" as const, name: "web", uuid: model.vms[0]!.uuid },
      { kind: "domain" as const, name: "b", uuid: "55555555-2222-4333-8444-555555555555" },
      { kind: "domain" as const, name: "a", uuid: "66666666-2222-4333-8444-555555555555" },
    ];
    expect(wouldDelete(model, live)).toEqual([
      { kind: "domain", name: "a", uuid: "66666666-2222-4333-8444-555555555555" },
      { kind: "domain", name: "b", uuid: "55555555-2222-4333-8444-555555555555" },
      { kind: "network", name: "lan", uuid: "44444444-2222-4333-8444-555555555555", replacedBy: lan.uuid },
      { kind: "pool", name: "other", uuid: "33333333-2222-4333-8444-555555555555" },
    ]);
  });
});

describe("running a tool", () => {
  it("a program that cannot start is a tool failure; one killed by a signal exits 128 + its number", async () => {
    await expect(runTool("/no/such/program", [], { env: process.env })).rejects.toThrow(
      new ToolFailure("could not run /no/such/program: spawn /no/such/program ENOENT"),
    );
    expect(await runTool("sh", ["-c", "echo out; echo err >&2; kill -TERM $$"], { env: process.env })).toEqual({
      exitCode: 143,
      stdout: "out\n",
      stderrTail: ["err"],
    });
  });
});

describe("the log file", () => {
  it("is created on the first write only, in a fresh folder of its own", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-logs-"));
    const log = logFile("build", dir);
    expect(readdirSync(dir)).toEqual([]);
    log.write("$ nix build");
    expect(log.path).toMatch(new RegExp(`^${dir}/homelab-gen-[^/]+/build\\.log$`));
    expect(existsSync(log.path)).toBe(true);
  });
});
