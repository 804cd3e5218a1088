import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../cli/pipeline.js";
import type { Model } from "../model/model.js";
import { fakes, runCliIn, spawnCliIn } from "./support/fake-tools.js";
import { ROOT } from "./support/generated.js";

const SECRET = "op-token-ab12-SECRET-do-not-store";

/** A fleet on disk: two hypervisors (hv2 reached as deploy on port 2222, built on target), a box with two keys. */
function fleetDir(): { dir: string; model: Model; secretFile: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "hlg-fleet-")));
  const secretFile = join(dir, "secrets", "token");
  mkdirSync(join(dir, "secrets"));
  writeFileSync(secretFile, SECRET);
  writeFileSync(
    join(dir, "fleet.ts"),
    [
      `import { gib, lab } from "homelab-gen";`,
      `const l = lab("f");`,
      `const hv1 = l.host("hv1", { targetHost: "root@10.0.0.11", tags: ["hypervisor", "rack"] });`,
      `const hv2 = l.host("hv2", { targetHost: "deploy@10.0.0.12:2222", tags: ["hypervisor"], buildOnTarget: true });`,
      `const box = l.host("box", { libvirt: false, targetHost: "10.0.0.13", keys: { "op.env": { command: ["cat", ${JSON.stringify(secretFile)}], user: "alice" }, "late.txt": { file: ${JSON.stringify(secretFile)}, uploadAt: "post-activation" } } });`,
      `const lan = l.network("lab-net", { mode: "bridge", bridge: "br-lab", vlan: 56, uplink: { hv1: "enp1s0", hv2: "eno1" }, subnet: "192.168.56.0/24" });`,
      `const p1 = l.pool("p1", { host: hv1, path: "/var/lib/libvirt/images/p1" });`,
      `const p2 = l.pool("p2", { host: hv2, path: "/var/lib/libvirt/images/p2" });`,
      `l.linuxVm("a", { host: hv1, memory: gib(1), disk: p1.volume("a", { capacity: gib(8) }), nics: [{ network: lan }] });`,
      `l.linuxVm("b", { host: hv2, memory: gib(1), disk: p2.volume("b", { capacity: gib(8) }), nics: [{ network: lan }] });`,
      `l.container("app", { host: box, image: "docker.io/library/nginx:1.27" });`,
      `export default l;`,
      ``,
    ].join("\n"),
  );
  return { dir, model: synthesize("fleet.ts", { cwd: dir }).model, secretFile };
}

/** Per-host libvirt states: each hypervisor holds exactly its own objects, plus `extra` lines for a login. */
function states(model: Model, extra: Record<string, string[]> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-virsh-states-"));
  const own = (host: string) => [
    ...model.vms.filter((v) => v.host === host).map((v) => `domain ${v.uuid} ${v.name}`),
    ...model.networks.filter((n) => n.hosts.includes(host)).map((n) => `network ${n.uuid} ${n.name}`),
    ...model.pools.filter((p) => p.host === host).map((p) => `pool ${p.uuid} ${p.name}`),
  ];
  for (const [login, host] of [["root@10.0.0.11", "hv1"], ["deploy@10.0.0.12:2222", "hv2"]] as const) {
    writeFileSync(join(dir, login), [...own(host), ...(extra[login] ?? [])].join("\n") + "\n");
  }
  return dir;
}

const TOOLS = ["nix", "colmena", "deploy", "nixos-rebuild", "ssh", "virsh"];
const programs = (calls: string[][]) => calls.map((c) => c[0]);
const virshUris = (calls: string[][]) => [...new Set(calls.filter((c) => c[0] === "virsh").map((c) => c[2]!))].sort(); // hosts are checked in parallel

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** Log files the summary table names. */
const logsOf = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    stdout
      .split("\n")
      .slice(1)
      .map((l) => l.split(/\s{2,}/))
      .filter((cols) => cols.length === 4)
      .map((cols) => [cols[0]!, cols[3]!]),
  );

let fleet: ReturnType<typeof fleetDir>;
beforeAll(() => {
  fleet = fleetDir();
});

describe("homelab-gen deploy (Colmena)", () => {
  it("checks each hypervisor over qemu+ssh, then deploys every host with one colmena apply and prints a summary", () => {
    const tools = fakes(TOOLS);
    const r = runCliIn(["deploy", "fleet.ts"], fleet.dir, tools.env({ FAKE_VIRSH_STATES: states(fleet.model) }));
    expect(r.code, r.stderr).toBe(0);
    const calls = tools.calls();
    expect(virshUris(calls)).toEqual(["qemu+ssh://deploy@10.0.0.12:2222/system", "qemu+ssh://root@10.0.0.11/system"]);
    const out = join(fleet.dir, "generated/fleet");
    expect(calls.at(-1)).toEqual(["colmena", "apply", "switch", "--config", join(out, "flake.nix"), "--on", "hv1,hv2,box", "--parallel", "10"]);
    // The guard ran before the generated folder was written and anything was activated.
    expect(programs(calls).indexOf("colmena")).toBeLessThan(programs(calls).indexOf("virsh"));
    expect(programs(calls).lastIndexOf("virsh")).toBeLessThan(programs(calls).lastIndexOf("colmena"));
    expect(r.stderr).toContain("hv1: libvirt at qemu+ssh://root@10.0.0.11/system: nothing would be deleted");
    expect(r.stderr).toContain("hv1 | Activation successful");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^host\s+result\s+duration\s+log$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([["hv1", "ok"], ["hv2", "ok"], ["box", "ok"]]);
    // Colmena uploads the keys itself: homelab-gen never runs the key commands or ssh.
    expect(programs(calls)).not.toContain("ssh");
    expect(readFileSync(logsOf(r.stdout).hv2!, "utf8")).toContain("Activation successful");
    // Each host's log sits beside the run's own log.
    const logs = logsOf(r.stdout);
    expect(logs.hv1).toMatch(/\/homelab-gen-[^/]+\/deploy-hv1\.log$/);
    expect(new Set(Object.values(logs).map((p) => p.replace(/[^/]+$/, ""))).size).toBe(1);
  });

  it("--on selects by name, glob and @tag; --parallel is passed through; only selected hosts are checked and deployed", () => {
    const tools = fakes(TOOLS);
    const r = runCliIn(["deploy", "fleet.ts", "--on", "@rack,hv2", "--parallel", "3", "--yes"], fleet.dir, tools.env({ FAKE_VIRSH_STATES: states(fleet.model) }));
    expect(r.code, r.stderr).toBe(0);
    expect(tools.calls().at(-1)).toEqual(expect.arrayContaining(["--on", "hv1,hv2", "--parallel", "3"]));
    const glob = fakes(TOOLS);
    const g = runCliIn(["deploy", "fleet.ts", "--on", "b*"], fleet.dir, glob.env());
    expect(g.code, g.stderr).toBe(0);
    expect(virshUris(glob.calls())).toEqual([]);
    expect(glob.calls().at(-1)).toEqual(expect.arrayContaining(["--on", "box"]));
  });

  it("an unknown tag or host is a usage error naming what exists, before any tool runs", () => {
    const tools = fakes(TOOLS);
    const r = runCliIn(["deploy", "fleet.ts", "--on", "hv1,@nope"], fleet.dir, tools.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--on @nope: no host has tag "nope" (tags: hypervisor, rack)`);
    const h = runCliIn(["deploy", "fleet.ts", "--on", "hv9"], fleet.dir, tools.env());
    expect(h.code).toBe(2);
    expect(h.stderr).toContain("--on hv9: no such host (hosts: hv1, hv2, box)");
    expect(tools.calls()).toEqual([]);
  });

  it("a failing host is reported with its log while the others finish; the exit code says not all succeeded", () => {
    const tools = fakes(TOOLS);
    const r = runCliIn(["deploy", "fleet.ts"], fleet.dir, tools.env({ FAKE_VIRSH_STATES: states(fleet.model), FAKE_COLMENA_FAIL: "hv2" }));
    expect(r.code).toBe(3);
    const rows = r.stdout.trim().split("\n").slice(1, 4).map((l) => l.split(/\s+/).slice(0, 2));
    expect(rows).toEqual([["hv1", "ok"], ["hv2", "FAILED"], ["box", "ok"]]);
    expect(r.stdout).toContain("hv2: Activation failed: Child process exited with error code: 4");
    expect(readFileSync(logsOf(r.stdout).hv2!, "utf8")).toContain("Activation failed");
    expect(readFileSync(logsOf(r.stdout).hv1!, "utf8")).not.toContain("Activation failed");
    expect(r.stderr).toContain("error: 1 of 3 hosts failed (hv2)");
  });

  it("the deletion guard lists each host's deletions and stops before writing or activating anything", () => {
    const tools = fakes(TOOLS);
    const stranger = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    const fresh = fleetDir();
    const r = runCliIn(["deploy", fresh.dir + "/fleet.ts"], fresh.dir, tools.env({ FAKE_VIRSH_STATES: states(fresh.model, { "deploy@10.0.0.12:2222": [`domain ${stranger} old-vm`] }) }));
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("hv1: libvirt at qemu+ssh://root@10.0.0.11/system: nothing would be deleted");
    expect(r.stderr).toContain(`hv2: libvirt at qemu+ssh://deploy@10.0.0.12:2222/system: NixVirt would DELETE 1 object that is not in the topology:\n  domain old-vm (uuid ${stranger})`);
    expect(r.stderr).toContain("error: not deploying: 1 libvirt object would be deleted on hv2; pass --yes to delete and deploy");
    expect(virshUris(tools.calls())).toHaveLength(2);
    expect(programs(tools.calls()).filter((p) => p === "colmena")).toEqual(["colmena"]); // --version only
    expect(tools.calls().some((c) => c[1] === "apply")).toBe(false);
    expect(existsSync(join(fresh.dir, "generated"))).toBe(false);
  });

  it("refuses a Colmena other than the one whose lib made the hive", () => {
    const tools = fakes(TOOLS);
    const r = runCliIn(["deploy", "fleet.ts"], fleet.dir, tools.env({ FAKE_COLMENA_VERSION: "colmena 0.5.0" }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("colmena 0.5 is on PATH, but the generated colmenaHive is made by Colmena 0.4");
  });
});

describe("homelab-gen deploy --engine deploy-rs / nixos-rebuild", () => {
  it("deploy-rs: one process per host, at most --parallel at once; keys go over ssh stdin only; a failure leaves the others done", () => {
    const tools = fakes(TOOLS, ["cat"]);
    const stdin = join(mkdtempSync(join(tmpdir(), "hlg-ssh-")), "stdin");
    const r = runCliIn(
      ["deploy", "fleet.ts", "--engine", "deploy-rs", "--parallel", "2"],
      fleet.dir,
      tools.env({ FAKE_VIRSH_STATES: states(fleet.model), FAKE_DEPLOY_FAIL: "hv1", FAKE_SSH_STDIN: stdin }),
    );
    expect(r.code).toBe(3);
    const calls = tools.calls();
    const deploys = calls.filter((c) => c[0] === "deploy").map((c) => c.slice(1));
    expect(deploys.map((d) => d.at(-1)!.split("#")[1]).sort()).toEqual(["box", "hv1", "hv2"]);
    expect(deploys[0]!.slice(0, -1)).toEqual(["--skip-checks"]);
    let running = 0;
    let most = 0;
    for (const c of calls) {
      if (c[0] === "deploy-start") most = Math.max(most, ++running);
      if (c[0] === "deploy-end") running--;
    }
    expect(most).toBe(2);
    expect(r.stdout.trim().split("\n").slice(1, 4).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([["hv1", "FAILED"], ["hv2", "ok"], ["box", "ok"]]);
    // box's two keys: before activation through its command, after activation from its file.
    const ssh = calls.filter((c) => c[0] === "ssh");
    expect(ssh.map((c) => c.slice(1, 2))).toEqual([["root@10.0.0.13"], ["root@10.0.0.13"]]);
    expect(ssh[0]![2]).toBe("umask 077 && mkdir -p /run/keys && cat > /run/keys/.op.env.homelab-gen && chown alice:root /run/keys/.op.env.homelab-gen && chmod 0600 /run/keys/.op.env.homelab-gen && mv -f /run/keys/.op.env.homelab-gen /run/keys/op.env");
    expect(readFileSync(stdin, "utf8")).toBe(`${SECRET}\n--\n${SECRET}\n--\n`);
    // The secret is nowhere in the generated folder, the logs or the output.
    const logs = Object.values(logsOf(r.stdout));
    for (const file of [...filesUnder(join(fleet.dir, "generated")), ...logs]) expect(readFileSync(file, "utf8"), file).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it("nixos-rebuild: --target-host per host, --build-host for buildOnTarget, sudo for a non-root login", () => {
    const tools = fakes(TOOLS, ["cat"]);
    const r = runCliIn(["deploy", "fleet.ts", "--engine", "nixos-rebuild", "--on", "@hypervisor", "--action", "boot"], fleet.dir, tools.env({ FAKE_VIRSH_STATES: states(fleet.model) }));
    expect(r.code, r.stderr).toBe(0);
    // They run in parallel: sorted by host for comparison.
    const rebuilds = tools.calls().filter((c) => c[0] === "nixos-rebuild").map((c) => c.slice(1)).sort((a, b) => (a[2]! < b[2]! ? -1 : 1));
    const ref = `path:${join(fleet.dir, "generated/fleet")}`;
    expect(rebuilds).toEqual([
      ["boot", "--flake", `${ref}#hv1`, "--target-host", "root@10.0.0.11", "--log-format", "internal-json"],
      ["boot", "--flake", `${ref}#hv2`, "--target-host", "deploy@10.0.0.12", "--build-host", "deploy@10.0.0.12", "--use-remote-sudo", "--log-format", "internal-json"],
    ]);
  });

  it("Ctrl-C stops every running deploy process and exits 130 without a summary", async () => {
    const tools = fakes(TOOLS, ["cat"]);
    const child = spawnCliIn(["deploy", "fleet.ts", "--engine", "deploy-rs", "--on", "@hypervisor"], fleet.dir, tools.env({ FAKE_VIRSH_STATES: states(fleet.model), FAKE_DEPLOY_SLEEP: "30" }));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while (tools.calls().filter((c) => c[0] === "deploy-start").length < 2) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(tools.calls().filter((c) => c[0] === "deploy-end")).toEqual([]);
    expect(tools.calls().filter((c) => c[0] === "deploy-stopped").map((c) => c[1]).sort()).toEqual(["hv1", "hv2"]);
    expect(stderr).toContain("error: interrupted: deploy was stopped");
    expect(stdout).toBe("");
  }, 20_000);

  it("a single host without deploy settings has no hive: Colmena and deploy-rs are refused, nixos-rebuild works", () => {
    const tools = fakes(TOOLS);
    const sccm = join(ROOT, "examples/sccm.ts");
    for (const engine of ["colmena", "deploy-rs"]) {
      const r = runCliIn(["deploy", sccm, "--engine", engine], fleet.dir, tools.env());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`the topology's one host has no deploy settings, so the flake has no ${engine} outputs`);
    }
    expect(tools.calls()).toEqual([]);
  });

  it("deploy-rs has no test activation: a usage error", () => {
    const tools = fakes(TOOLS);
    const r = runCliIn(["deploy", "fleet.ts", "--engine", "deploy-rs", "--action", "test"], fleet.dir, tools.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("deploy-rs has no test activation");
  });
});

describe("homelab-gen plan on a fleet", () => {
  it("lists what NixVirt would delete host by host, each against its own share, over qemu+ssh; --on narrows it", () => {
    const tools = fakes(TOOLS);
    const stranger = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    // hv1's own VM "a" on hv2 would be deleted there: hv2's lists hold only hv2's share.
    const a = fleet.model.vms.find((v) => v.name === "a")!;
    const env = tools.env({ FAKE_VIRSH_STATES: states(fleet.model, { "deploy@10.0.0.12:2222": [`domain ${stranger} old-vm`, `domain ${a.uuid} a`] }) });
    const r = runCliIn(["plan", "fleet.ts"], fleet.dir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("hv1: libvirt at qemu+ssh://root@10.0.0.11/system: nothing would be deleted");
    expect(r.stdout).toContain(`hv2: libvirt at qemu+ssh://deploy@10.0.0.12:2222/system: NixVirt would DELETE 2 objects that are not in the topology:\n  domain a (uuid ${a.uuid})\n  domain old-vm (uuid ${stranger})`);
    const json = runCliIn(["plan", "fleet.ts", "--json", "--on", "hv2"], fleet.dir, env);
    const report = JSON.parse(json.stdout) as { libvirt?: unknown; hosts: { host: string; check: { deletions: { name: string }[] } }[] };
    expect(report.libvirt).toBeUndefined();
    expect(report.hosts.map((h) => [h.host, h.check.deletions.map((d) => d.name)])).toEqual([["hv2", ["a", "old-vm"]]]);
  });
});
