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

describe("import --podman: containers from podman container inspect (recordings of podman 4.4.1, 4.9.4 and 5.0.2)", () => {
  it("declares each container with its image, command, labels and host-folder mounts; what it cannot carry is a NOT IMPORTED comment", () => {
    const fake = fakePodman();
    const out = join(fake.dir, "lab.ts");
    const r = runCli(["import", "--podman", "-o", out], { env: fake.env });
    expect(r.code, r.stderr).toBe(0);
    expect(fake.calls()[0]).toBe("container ls --all --quiet --no-trunc");
    expect(fake.calls()[1]).toMatch(/^container inspect 2f03be24955338ab/);
    expect(r.stdout).toMatch(/imported 0 VMs, 0 networks, 0 pools, 0 volumes, 4 containers, /);
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
    expect([...quadlet.services.keys()].sort()).toEqual(["fedora-toolbox-38.service", "fedora-toolbox-40.service", "recursing_lewin.service", "zealous_chaum.service"]);
  });

  it("podman 4.4.1 on an OpenShift 4.15 node: the machine-config-daemon container with its image by digest, command, image environment and labels, and the host's / bound on /rootfs", () => {
    const fake = fakePodman();
    const out = join(fake.dir, "lab.ts");
    const r = runCli(["import", "--podman", "-o", out], { env: fake.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("container recursing_lewin Container PodmanArgs × 3; container recursing_lewin Container Network");
    const declaration = /^topology\.container\("recursing_lewin", \{\n[^]*?\n\}\);$/m.exec(readFileSync(out, "utf8"))?.[0] ?? "";
    expect(declaration).toContain(
      `  image:\n    "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:86477d2e586c857d9c5ec68d0426f763b2cdcded403bc72cf5ced20f2ce00f89",\n` +
        `  exec: ["firstboot-complete-machineconfig"],\n` +
        `  volumes: [{ hostPath: "/", path: "/rootfs" }],\n` +
        `  env: {\n    BUILD_VERSION: "v4.15.0",\n`,
    );
    expect(declaration).toContain(`    GODEBUG: "x509ignoreCN=0,madvdontneed=1",\n    __doozer: "merge",\n`);
    // What podman and images set themselves (PATH, TERM, container, HOME, HOSTNAME) is left out: 18 of the 23 variables.
    const env = /\n {2}env: \{\n([^]*?)\n {2}\},/.exec(declaration)?.[1]?.split("\n") ?? [];
    expect(env).toHaveLength(18);
    expect(env.filter((line) => /^ {4}(PATH|TERM|container|HOME|HOSTNAME): /.test(line))).toEqual([]);
    expect(declaration).toContain(`    name: "openshift/ose-machine-config-operator",\n`);
    // Its entrypoint (podman 4's string form), privileges and host namespaces are kept as raw Quadlet lines, each named.
    expect(declaration).toContain(
      `    version: "v4.15.0",\n  },\n  wantedBy: [],\n` +
        `  // kept as written: Container PodmanArgs: the entrypoint podman reports (the image's own unless set with --entrypoint)\n` +
        `  // kept as written: Container PodmanArgs: a privileged container (podman --privileged)\n` +
        `  // kept as written: Container PodmanArgs: the host's process namespace (podman --pid=host)\n` +
        `  // kept as written: Container Network: podman --network=host\n` +
        `  raw: {\n    Container: {\n      PodmanArgs: ['"--entrypoint=[\\\\"machine-config-daemon\\\\"]"', "--privileged", "--pid=host"],\n      Network: ["host"],\n    },\n  },\n});`,
    );
    // No published ports, no restart policy (an empty PortBindings and RestartPolicy name).
    expect(declaration).not.toMatch(/^ {2}(ports|restart):/m);
    // quadlet runs it as podman ran it: the same entrypoint, privileged, in the host's PID and network namespaces.
    const generated = runCli([out, "-t", "libvirt", "--out", join(fake.dir, "gen")], { cwd: fake.dir });
    expect(generated.code, generated.stderr).toBe(0);
    const exec = quadletDryRun(join(fake.dir, "gen/quadlet")).services.get("recursing_lewin.service")?.match(/^ExecStart=(.*)$/m)?.[1] ?? "";
    expect(exec).toContain(" --network host ");
    expect(exec).toMatch(/ "--entrypoint=\[\\"machine-config-daemon\\"\]" --privileged --pid=host quay\.io\/openshift-release-dev\/ocp-v4\.0-art-dev@sha256:[0-9a-f]{64} firstboot-complete-machineconfig$/);
  });

  it("reads a container's runtime as podman 5 reports it: entrypoint list, user, capabilities, networks by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-import-podman-runtime-"));
    const inspect = [
      {
        Name: "web",
        ImageName: "docker.io/library/nginx:1.27",
        Config: { Entrypoint: ["/docker-entrypoint.sh", "nginx"], User: "101:101", WorkingDir: "/srv", Cmd: ["-g", "daemon off;"] },
        HostConfig: { NetworkMode: "bridge", PidMode: "private", IpcMode: "shareable", Privileged: false, CapAdd: ["CAP_NET_ADMIN"], CapDrop: ["CAP_MKNOD"] },
        NetworkSettings: { Networks: { podman: {}, backend: {} } },
      },
      { Name: "sidecar", ImageName: "docker.io/library/busybox:1.36", HostConfig: { NetworkMode: "container:0123abcd" } },
    ];
    const fake = fakePodman();
    writeFileSync(join(fake.dir, "inspect.json"), JSON.stringify(inspect));
    const out = join(dir, "lab.ts");
    expect(runCli(["import", "--podman", "-o", out], { env: fake.env }).code).toBe(0);
    const source = readFileSync(out, "utf8");
    expect(source).toContain(`  workingDir: "/srv",\n`);
    expect(source).toContain(
      `PodmanArgs: ['"--entrypoint=[\\\\"/docker-entrypoint.sh\\\\",\\\\"nginx\\\\"]"'],\n      User: ["101:101"],\n` +
        `      AddCapability: ["CAP_NET_ADMIN"],\n      DropCapability: ["CAP_MKNOD"],\n      Network: ["backend"],`,
    );
    expect(source).toContain("// NOT IMPORTED: network mode container:0123abcd is not imported: another container's or a namespace's network");
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
