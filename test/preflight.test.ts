import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "./support/generated.js";
import preflight from "./support/preflight.js";
import { quadletBinary } from "./support/quadlet.js";
import { installCommand, missingTools, TOOLS } from "./support/tools.js";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe("npm test on a fresh machine", () => {
  it("stops at once with one message naming every missing tool and the one command installing them", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "test/types.test.ts"], {
      cwd: ROOT,
      env: { ...process.env, PATH: "/nonexistent", NO_COLOR: "1" },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const output = r.stdout + r.stderr;
    const onPath = TOOLS.filter((t) => !t.command.startsWith("/"));
    expect(output).toContain(`npm test needs tools that are missing: ${onPath.map((t) => `${t.command} (${t.debian})`).join(", ")}.`);
    expect(output).toContain(`Install them with: ${installCommand(onPath)}`);
    expect(output).not.toMatch(/Test Files .*passed/);
  });

  it("the install command names each package once; .ci/run installs every one of them", () => {
    expect(installCommand(missingTools("/nonexistent"))).toBe(
      "sudo apt-get install -y --no-install-recommends chromium cloud-init dpkg genisoimage git libvirt-clients libxml2-utils nix-bin p7zip-full shellcheck systemd util-linux xorriso",
    );
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    for (const { debian } of TOOLS) expect(ci, debian).toMatch(new RegExp(`apt-get install[^\\n]*(\\\\\\n[^\\n]*)*\\b${debian}\\b`));
  });

  it("fetches quadlet with .ci/install-quadlet.sh into a cache outside the work tree when it is nowhere else", () => {
    // apt-get faked: "downloading" podman hands over a .deb holding the real quadlet binary.
    const base = mkdtempSync(join(tmpdir(), "hlg-preflight-"));
    const pkg = join(base, "pkg");
    mkdirSync(join(pkg, "DEBIAN"), { recursive: true });
    mkdirSync(join(pkg, "usr/libexec/podman"), { recursive: true });
    copyFileSync(quadletBinary(), join(pkg, "usr/libexec/podman/quadlet"));
    writeFileSync(join(pkg, "DEBIAN/control"), "Package: podman\nVersion: 5.4.2\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: t\n");
    expect(spawnSync("dpkg-deb", ["--build", pkg, join(base, "podman_5.4.2_amd64.deb")]).status).toBe(0);
    const bin = join(base, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "apt-get"), `#!/bin/sh\ncase " $* " in *" download podman "*) cp ${join(base, "podman_5.4.2_amd64.deb")} . ;; esac\n`);
    chmodSync(join(bin, "apt-get"), 0o755);

    Object.assign(process.env, { PATH: `${bin}:${process.env.PATH}`, QUADLET_HOME: join(base, "nowhere"), XDG_CACHE_HOME: join(base, "cache") });
    delete process.env.QUADLET;
    expect(() => quadletBinary()).toThrow(/quadlet binary not found/);
    preflight();
    const fetched = join(base, "cache/homelab-gen/podman-trixie/usr/libexec/podman/quadlet");
    expect(quadletBinary()).toBe(fetched);
    expect(spawnSync(fetched, ["-version"]).status).toBe(0);
  });
});
