import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";
import { quadletDryRun } from "./support/quadlet.js";

const CORPUS = join(ROOT, "test/fixtures/import/podman");

/** A fake `podman` on PATH answering `container ls` and `container inspect` from the recordings; every call is logged. */
function fakePodman(): { env: NodeJS.ProcessEnv; dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "hlg-import-podman-"));
  const containers = readdirSync(CORPUS).filter((f) => f.endsWith(".json")).sort().flatMap((f) => JSON.parse(readFileSync(join(CORPUS, f), "utf8")) as { Id: string }[]);
  writeFileSync(join(dir, "inspect.json"), JSON.stringify(containers, null, 2));
  writeFileSync(join(dir, "ids"), containers.map((c) => c.Id).join("\n") + "\n");
  mkdirSync(join(dir, "bin"));
  const script = [
    "#!/bin/sh",
    'printf "%s\\n" "$*" >> "$FAKE_PODMAN_DIR/calls"',
    'case "$1 $2" in',
    '  "container ls") cat "$FAKE_PODMAN_DIR/ids" ;;',
    '  "container inspect") cat "$FAKE_PODMAN_DIR/inspect.json" ;;',
    '  *) echo "fake podman: unexpected $*" >&2; exit 99 ;;',
    "esac",
  ].join("\n");
  writeFileSync(join(dir, "bin/podman"), script + "\n");
  chmodSync(join(dir, "bin/podman"), 0o755);
  return {
    dir,
    env: { PATH: `${join(dir, "bin")}${delimiter}${process.env["PATH"]}`, FAKE_PODMAN_DIR: dir },
    calls: () => readFileSync(join(dir, "calls"), "utf8").trim().split("\n"),
  };
}

describe("import --podman: containers from podman container inspect (recordings of podman 4.9.4 and 5.0.2)", () => {
  it("declares each container with its image, command, labels and host-folder mounts; what it cannot carry is a NOT IMPORTED comment", () => {
    const fake = fakePodman();
    const out = join(fake.dir, "lab.ts");
    const r = runCli(["import", "--podman", "-o", out], { env: fake.env });
    expect(r.code, r.stderr).toBe(0);
    expect(fake.calls()[0]).toBe("container ls --all --quiet --no-trunc");
    expect(fake.calls()[1]).toMatch(/^container inspect a4599f0effa7/);
    expect(r.stdout).toMatch(/imported 0 VMs, 0 networks, 0 pools, 0 volumes, 3 containers, /);
    const source = readFileSync(out, "utf8");
    expect(source).toContain(`topology.container("fedora-toolbox-38", {\n  image: "registry.fedoraproject.org/fedora-toolbox:38",\n  exec: [`);
    expect(source).toContain(`{ hostPath: "/etc/profile.d/toolbox.sh", path: "/etc/profile.d/toolbox.sh", readOnly: true }`);
    expect(source).toContain(`{ hostPath: "/run/user/1000", path: "/run/user/1000" }`);
    expect(source).toContain("// NOT IMPORTED: mount devpts on /dev/pts (type bind) is not imported: not a host folder or a named volume");
    expect(source).toContain(`topology.container("zealous_chaum", {\n  image: "registry.fedoraproject.org/fedora:40",\n  exec: ["true"],\n  labels: { name: "fedora", version: "40" },`);

    // The topology generates units the real quadlet accepts.
    const generated = runCli([out, "-t", "libvirt", "--out", join(fake.dir, "gen")], { cwd: fake.dir });
    expect(generated.code, generated.stderr).toBe(0);
    const quadlet = quadletDryRun(join(fake.dir, "gen/quadlet"));
    expect(quadlet.ok, quadlet.stderr).toBe(true);
    expect([...quadlet.services.keys()].sort()).toEqual(["fedora-toolbox-38.service", "fedora-toolbox-40.service", "zealous_chaum.service"]);
  });

  it("--user declares them as the invoking user's rootless containers", () => {
    const fake = fakePodman();
    const out = join(fake.dir, "lab.ts");
    const r = runCli(["import", "--podman", "--user", "-o", out], { env: fake.env });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(`topology.container("zealous_chaum", {\n  image: "registry.fedoraproject.org/fedora:40",\n  user: "${userInfo().username}",`);
  });

  it("without podman: exit 3 naming podman, nothing written", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-import-podman-none-"));
    const r = runCli(["import", "--podman", "-o", join(dir, "lab.ts")], { env: { PATH: "/nonexistent" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/podman/);
    expect(existsSync(join(dir, "lab.ts"))).toBe(false);
  });
});
