import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { archivePlaceholder } from "../generators/quadlet/archive.js";
import { fillPlaceholders } from "../model/placeholders.js";
import { asRoot, commandWorld, devboxTopology, SECRET, USERS, type CommandWorld } from "./support/control-command.js";
import { modelOf } from "./support/container-lab.js";
import { synthExample } from "./support/generated.js";
import { requireTool } from "./support/nix.js";
import { execStartWords, quadletDryRun } from "./support/quadlet.js";

/** Every file of a topology for the NixOS target. */
const synthesize = (source: string) => ({ files: generateAll(modelOf(source), { target: "nixos", outDir: "/tmp/unused" }) });

/** The calls a user's run made, without the user column. */
const callsOf = (w: CommandWorld, user: string) => w.calls().filter((c) => c[0] === user).map((c) => c.slice(1).join(" "));

describe("control command (bin/devbox-ctl)", () => {
  let w: CommandWorld;
  beforeAll(() => {
    w = commandWorld(devboxTopology());
  });
  afterAll(() => w.remove());

  it("is shellcheck-clean (the example's for both targets, and this one)", () => {
    requireTool("shellcheck");
    const example = synthExample("devbox").files.get("bin/devbox-ctl")!;
    const portable = generateAll(synthExample("devbox").model, { target: "libvirt", outDir: "/tmp/unused" }).get("bin/devbox-ctl")!;
    // As writeShellApplication assembles it on NixOS (its own #! and options, then the text), where its build runs shellcheck too.
    const nixos = `#!/nix/store/0-bash/bin/bash\nset -o errexit\nset -o nounset\nset -o pipefail\n\nexport PATH="/nix/store/0-coreutils/bin:$PATH"\n\n${example.slice(example.indexOf("\n") + 1)}`;
    for (const [what, input] of [["example", example], ["portable", portable], ["nixos", nixos], ["test", readFileSync(w.script, "utf8")]] as const) {
      const r = spawnSync("shellcheck", ["--severity=style", "-"], { input, encoding: "utf8" });
      expect(r.status, `${what}: ${r.stdout}`).toBe(0);
    }
  });

  it("create: claims the name, reads the secret, writes the units, starts, waits for Tailscale, prints how to connect", () => {
    w.clearCalls();
    const r = w.runSync("alice", ["create", "my-project", "--with-syncthing"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Created my-project. Connect:\n  ssh dev@my-project\n  http://my-project:8080\n");
    expect(callsOf(w, "alice")).toEqual([
      "loginctl show-user alice --property=Linger --value",
      "loginctl enable-linger alice",
      "op read op://DevBox/alice-tailscale-authkey/password",
      "systemctl --user daemon-reload",
      "podman volume exists systemd-my-project-data",
      "systemctl --user start my-project-data-volume.service",
      "systemctl --user start my-project.service",
      "podman exec my-project tailscale --socket=/home/dev/ts.sock status",
    ]);
    // The unit is the generator's, filled in: nothing else differs.
    const generated = w.model.containerTemplates[0]!;
    const unit = readFileSync(join(w.quadletDir("alice"), "my-project.container"), "utf8");
    const script = readFileSync(w.script, "utf8");
    const embedded = script.slice(script.indexOf("container_unit() {\n  cat <<'END_OF_TEXT'\n") + 41, script.indexOf("END_OF_TEXT\n}\n\n# The Quadlet unit {name}-data.volume"));
    expect(unit).toBe(fillPlaceholders(embedded, { name: "my-project", user: "alice" }));
    expect(unit).toContain("ContainerName=my-project\n");
    expect(unit).toContain("TS_AUTHKEY op read op://DevBox/alice-tailscale-authkey/password\n");
    expect(unit).toContain("Environment=TS_TAGS=tag:devcontainer,tag:alice-container\n");
    expect(unit).toContain(`ConditionPathExists=!${w.stateDir}/my-project.stopped\n`);
    expect(generated.name).toBe("devbox");
    expect(readFileSync(join(w.quadletDir("alice"), "my-project-data.volume"), "utf8")).toContain("[Volume]\nUser=1000\nGroup=1000\n");
    expect(readFileSync(join(w.quadletDir("alice"), "my-project.env"), "utf8")).toBe("SYNCTHING=1\n");
    expect(w.claims()).toEqual(new Map([["my-project", USERS["alice"]]]));
  });

  it("the files create wrote pass quadlet's dry run", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-ctl-written-"));
    for (const f of readdirSync(w.quadletDir("alice"))) writeFileSync(join(dir, f), readFileSync(join(w.quadletDir("alice"), f)));
    writeFileSync(join(dir, "devcontainer.image"), readFileSync(join(w.out, "quadlet/devcontainer.image")));
    const r = quadletDryRun(dir, { user: true });
    expect(r.ok, r.stderr).toBe(true);
    expect([...r.services.keys()].sort()).toEqual(["devcontainer-image.service", "my-project-data-volume.service", "my-project.service"]);
  });

  it("the secret appears in no file and no output", () => {
    const r = w.runSync("bob", ["create", "bobs-box"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    for (const file of w.allFiles()) expect(readFileSync(file, "utf8"), file).not.toContain(SECRET);
  });

  it("validates names and options before touching anything", () => {
    w.clearCalls();
    expect(w.runSync("carol", ["create", "-ab"]).code).toBe(2);
    for (const bad of ["ab", "ab-", "Abc", "a_b", "a.b", "a b", "x".repeat(64), "$(id)"]) {
      const r = w.runSync("carol", ["create", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain("invalid name");
    }
    expect(w.runSync("carol", ["create"]).code).toBe(2);
    expect(w.runSync("carol", ["create", "abc", "--with-nothing"]).stderr).toContain("unknown option --with-nothing");
    expect(w.runSync("carol", ["create", "abc", "def"]).code).toBe(2);
    expect(w.runSync("carol", ["frobnicate"]).code).toBe(2);
    expect(w.runSync("carol", []).code).toBe(2);
    expect(w.calls()).toEqual([]);
    // Taken: by another user's container, or by what the topology declares.
    const taken = w.runSync("carol", ["create", "my-project"]);
    expect([taken.code, taken.stderr]).toEqual([3, "devbox-ctl: the name my-project is taken on this host\n"]);
    const reserved = w.runSync("carol", ["create", "devcontainer-image"]);
    expect(reserved.code).toBe(3);
    expect(w.claims().get("my-project")).toBe(USERS["alice"]);
  });

  it("refuses accounts outside the group, and root", () => {
    const outsider = w.runSync("dave", ["list"]);
    expect(outsider.code).toBe(5);
    expect(outsider.stderr).toContain("is dave in group devbox?");
    const [file, ...argv] = asRoot(["env", "-i", "PATH=/usr/bin:/bin", "HOME=/root", "bash", w.script, "list"]);
    const root = spawnSync(file!, argv, { encoding: "utf8" });
    expect(root.status).toBe(2);
    expect(root.stderr).toContain("not as root");
  });

  it("--help of each subcommand, exit codes listed", () => {
    const main = w.runSync("alice", ["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("Exit codes:\n  0  success\n  1  a step failed");
    expect(w.runSync("alice", ["create", "--help"]).stdout).toContain("  --with-syncthing  run Syncthing\n");
    for (const sub of ["destroy", "start", "stop", "list", "status"]) expect(w.runSync("alice", [sub, "--help"]).stdout).toMatch(new RegExp(`^Usage: devbox-ctl ${sub}`));
  });

  it("a failure at linger: the claim is released", () => {
    // carol has made no container yet: her linger is off, so create turns it on.
    w.clearCalls();
    const failed = w.runSync("carol", ["create", "no-linger"], { FAKE_FAIL: "linger" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`devbox-ctl: create no-linger: step "linger" failed; everything it made is removed again\n`);
    expect(callsOf(w, "carol")).toEqual(["loginctl show-user carol --property=Linger --value", "loginctl enable-linger carol"]);
    expect(w.claims().has("no-linger")).toBe(false);
  });

  it.each([
    ["op", "read secrets", [] as string[]],
    ["reload", "write units", ["systemctl --user daemon-reload"]],
    ["volume", "create volume", ["systemctl --user stop failing-box-data-volume.service", "podman volume rm --force systemd-failing-box-data", "systemctl --user daemon-reload"]],
    ["start", "start", ["systemctl --user stop failing-box.service", "systemctl --user stop failing-box-data-volume.service", "podman volume rm --force systemd-failing-box-data"]],
    ["tailscale", "wait for Tailscale", ["podman exec failing-box tailscale --socket=/home/dev/ts.sock logout", "systemctl --user stop failing-box.service", "podman volume rm --force systemd-failing-box-data"]],
  ])("a failure at %s: the step is named, everything made is removed again", (fail, step, undo) => {
    w.clearCalls();
    const r = w.runSync("carol", ["create", "failing-box", "--with-syncthing"], { FAKE_FAIL: fail });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`devbox-ctl: create failing-box: step "${step}" failed; everything it made is removed again\n`);
    expect(w.claims().has("failing-box")).toBe(false);
    expect(readdirSync(w.home("carol"), { recursive: true }).filter((f) => String(f).includes("failing-box"))).toEqual([]);
    const calls = callsOf(w, "carol");
    for (const u of undo) expect(calls, u).toContain(u);
    // And the name is free again.
    expect(w.runSync("carol", ["create", "failing-box"]).code).toBe(0);
    expect(w.runSync("carol", ["destroy", "failing-box"]).code).toBe(0);
  });

  it("an interrupted create removes what it made", async () => {
    const running = w.run("carol", ["create", "slow-box"], { FAKE_FAIL: "tailscale" });
    const deadline = Date.now() + 5000;
    while (!existsSync(join(w.quadletDir("carol"), "slow-box.container")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    process.kill(running.pid, "SIGTERM");
    const r = await running;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("create slow-box: interrupted; removing what was made");
    expect(w.claims().has("slow-box")).toBe(false);
    expect(existsSync(join(w.quadletDir("carol"), "slow-box.container"))).toBe(false);
  });

  it("list, stop, start, status", () => {
    expect(w.runSync("bob", ["stop", "bobs-box"]).stdout).toBe("Stopped bobs-box.\n");
    expect(existsSync(join(w.stateDir, "bobs-box.stopped"))).toBe(true);
    expect(w.runSync("bob", ["create", "second-box"]).code).toBe(0);
    const list = w.runSync("bob", ["list"]);
    expect(list.code).toBe(0);
    const lines = list.stdout.split("\n");
    expect(lines[0]).toBe("NAME                     STATE     AGE      LAST ACTIVITY     FLAGS");
    expect(lines.slice(1, 3).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ["bobs-box", "stopped", "0m"],
      ["second-box", "running", "0m"],
    ]);
    expect(lines[2]).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d +-$/);
    expect(w.runSync("bob", ["list", "--stopped-for", "0"]).stdout).toBe("bobs-box\n");
    expect(w.runSync("bob", ["list", "--stopped-for", "1"]).stdout).toBe("");
    // Only the caller's containers.
    expect(w.runSync("alice", ["list"]).stdout).not.toContain("bobs-box");
    expect(w.runSync("alice", ["stop", "bobs-box"]).code).toBe(4);

    w.clearCalls();
    const started = w.runSync("bob", ["start", "bobs-box"]);
    expect(started.code, started.stderr).toBe(0);
    expect(existsSync(join(w.stateDir, "bobs-box.stopped"))).toBe(false);
    expect(callsOf(w, "bob")).toEqual(["systemctl --user daemon-reload", "systemctl --user start bobs-box.service", "podman exec bobs-box tailscale --socket=/home/dev/ts.sock status"]);
    const status = w.runSync("alice", ["status", "my-project"]);
    expect(status.stdout).toMatch(/^name: {10}my-project\nstate: {9}running\ncreated: {7}\d{4}-\d\d-\d\d \d\d:\d\d \(0m ago\)\nlast activity: \d{4}-\d\d-\d\d \d\d:\d\d\nflags: {9}syncthing\nunit: /);
    expect(status.stdout).toContain("volume:        systemd-my-project-data\nconnect:\n  ssh dev@my-project\n");
  });

  it("destroy logs out of Tailscale first, removes units and volume; --keep-volume keeps it for a new create", () => {
    w.clearCalls();
    const r = w.runSync("bob", ["destroy", "second-box"]);
    expect([r.code, r.stdout]).toEqual([0, "Destroyed second-box.\n"]);
    expect(callsOf(w, "bob")).toEqual([
      "systemctl --user is-active --quiet second-box.service",
      "podman exec second-box tailscale --socket=/home/dev/ts.sock logout",
      "systemctl --user stop second-box.service",
      "systemctl --user daemon-reload",
      "systemctl --user stop second-box-data-volume.service",
      "podman volume rm --force systemd-second-box-data",
    ]);
    expect(w.claims().has("second-box")).toBe(false);
    expect(readdirSync(w.quadletDir("bob")).filter((f) => f.startsWith("second-box"))).toEqual([]);

    // A stopped container is started to log it out.
    w.runSync("bob", ["stop", "bobs-box"]);
    w.clearCalls();
    const kept = w.runSync("bob", ["destroy", "bobs-box", "--keep-volume"]);
    expect(kept.stdout).toBe("Destroyed bobs-box; kept its volume systemd-bobs-box-data (create bobs-box again to use it).\n");
    expect(callsOf(w, "bob").slice(0, 4)).toEqual([
      "systemctl --user is-active --quiet bobs-box.service",
      "systemctl --user start bobs-box.service",
      "podman exec bobs-box tailscale --socket=/home/dev/ts.sock status",
      "podman exec bobs-box tailscale --socket=/home/dev/ts.sock logout",
    ]);
    expect(existsSync(join(w.home("bob"), ".fake/volumes/systemd-bobs-box-data"))).toBe(true);
    // The kept volume is found again, and a failing create leaves it in place.
    expect(w.runSync("bob", ["create", "bobs-box"], { FAKE_FAIL: "start" }).code).toBe(1);
    expect(existsSync(join(w.home("bob"), ".fake/volumes/systemd-bobs-box-data"))).toBe(true);
    expect(w.runSync("bob", ["destroy", "nothing-here"]).code).toBe(4);
  });

  it("a failing destroy step is named and keeps the name; running destroy again finishes", () => {
    expect(w.runSync("carol", ["create", "sticky-box"]).code).toBe(0);
    const failed = w.runSync("carol", ["destroy", "sticky-box"], { FAKE_FAIL: "stop" });
    expect([failed.code, failed.stderr]).toEqual([1, 'devbox-ctl: destroy sticky-box: step "stop" failed\n']);
    expect(w.claims().has("sticky-box")).toBe(true);
    expect(w.runSync("carol", ["destroy", "sticky-box"]).code).toBe(0);
    expect(w.claims().has("sticky-box")).toBe(false);
  });

  it("the per-user limit: a sixth container is refused", () => {
    for (const n of [1, 2, 3, 4]) expect(w.runSync("alice", ["create", `limit-${n}`]).code).toBe(0);
    const sixth = w.runSync("alice", ["create", "limit-5"]);
    expect([sixth.code, sixth.stderr]).toEqual([3, "devbox-ctl: you have 5 containers, the most one user may have (destroy one first: devbox-ctl list)\n"]);
    for (const n of [1, 2, 3, 4]) expect(w.runSync("alice", ["destroy", `limit-${n}`]).code).toBe(0);
  });
});

describe("control command under concurrency", () => {
  let w: CommandWorld;
  beforeAll(() => {
    w = commandWorld(devboxTopology());
  });
  afterAll(() => w.remove());

  const perUser = () => {
    const counts: Record<string, number> = {};
    for (const uid of w.claims().values()) {
      const user = Object.keys(USERS).find((u) => USERS[u] === uid)!;
      counts[user] = (counts[user] ?? 0) + 1;
    }
    return counts;
  };
  /** Claims and unit files agree: every claim has its unit in its owner's directory, and no unit lacks a claim. */
  const consistent = () => {
    const units = Object.keys(USERS).flatMap((u) => (existsSync(w.quadletDir(u)) ? readdirSync(w.quadletDir(u)).filter((f) => f.endsWith(".container")).map((f) => `${u}:${f.replace(/\.container$/, "")}`) : []));
    const claims = [...w.claims()].map(([name, uid]) => `${Object.keys(USERS).find((u) => USERS[u] === uid)}:${name}`);
    expect(units.sort()).toEqual(claims.sort());
  };

  it("20 parallel creates by three users: exactly 7 containers, none above 5 per user", async () => {
    const users = ["alice", "bob", "carol"];
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => w.run(users[i % 3]!, ["create", `box-${i}`])));
    expect(runs.filter((r) => r.code === 0)).toHaveLength(7);
    expect(runs.filter((r) => r.code !== 0).every((r) => r.code === 3)).toBe(true);
    expect(w.claims().size).toBe(7);
    expect(Math.max(...Object.values(perUser()))).toBeLessThanOrEqual(5);
    consistent();
  }, 60_000);

  it("destroys under the same load free their slots: the host fills up to exactly 7 again", async () => {
    const victims = [...w.claims()].slice(0, 3);
    const owner = (uid: number) => Object.keys(USERS).find((u) => USERS[u] === uid)!;
    const users = ["alice", "bob", "carol"];
    const runs = await Promise.all([
      ...victims.map(([name, uid]) => w.run(owner(uid), ["destroy", name])),
      ...Array.from({ length: 12 }, (_, i) => w.run(users[i % 3]!, ["create", `more-${i}`])),
    ]);
    expect(runs.slice(0, 3).map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs.slice(3).every((r) => r.code === 0 || r.code === 3)).toBe(true);
    expect(w.claims().size).toBeLessThanOrEqual(7);
    // Whatever the race left free is taken by later creates, and no more.
    for (let i = 0; w.claims().size < 7 && i < 10; i++) {
      const user = users.find((u) => (perUser()[u] ?? 0) < 5)!;
      expect(w.runSync(user, ["create", `fill-${i}`]).code).toBe(0);
    }
    expect(w.claims().size).toBe(7);
    expect(w.runSync(users.find((u) => (perUser()[u] ?? 0) < 5)!, ["create", "one-too-many"]).code).toBe(3);
    expect(Math.max(...Object.values(perUser()))).toBeLessThanOrEqual(5);
    consistent();
  }, 60_000);
});

/** The text a here-document function of the script prints (what the command fills in and writes). */
function scriptText(script: string, fn: string): string {
  const start = `${fn}() {\n  cat <<'END_OF_TEXT'\n`;
  const from = script.indexOf(start) + start.length;
  return script.slice(from, script.indexOf("END_OF_TEXT\n}", from));
}

describe("units the command writes pass quadlet's dry run for the host's podman version", () => {
  // The quadlet here is podman 5.4.2's: it checks units for that release and older ones.
  it.each(["4.4", "4.6", "4.8", "5.4"])("podman %s", (version) => {
    const source = devboxTopology()("/etc/devbox/op-token.env").replace(`version: "5.4"`, `version: "${version}"`);
    const { files } = synthesize(source);
    const script = files.get("bin/devbox-ctl")!;
    const dir = mkdtempSync(join(tmpdir(), "hlg-ctl-quadlet-"));
    const fill = (text: string) => fillPlaceholders(text, { name: "my-project", user: "alice" }).replaceAll(archivePlaceholder("devcontainer"), "/var/lib/images/devcontainer.tar.gz");
    writeFileSync(join(dir, "my-project.container"), fill(scriptText(script, "container_unit")));
    writeFileSync(join(dir, "my-project-data.volume"), fill(scriptText(script, "volume_unit")));
    writeFileSync(join(dir, "my-project.env"), "SYNCTHING=1\n");
    // The image unit the module installs for every user of the template (podman 4.8 and later).
    if (files.has("quadlet/devcontainer.image")) writeFileSync(join(dir, "devcontainer.image"), fill(files.get("quadlet/devcontainer.image")!));
    const r = quadletDryRun(dir, { user: true });
    expect(r.ok, r.stderr).toBe(true);
    const service = r.services.get("my-project.service")!;
    const argv = execStartWords(service, { unitName: "my-project.service" });
    expect(argv).toEqual(expect.arrayContaining(["--name", "my-project", "-v", "systemd-my-project-data:/home/dev", "--env", "CONTAINER_NAME=my-project", "--env", "TS_TAGS=tag:devcontainer,tag:alice-container"]));
    expect(argv).toContain(join(dir, "my-project.env"));
    expect(argv).toContain("--memory=4g");
    expect(service).toContain("ConditionPathExists=!/var/lib/homelab-gen/");
    expect(r.services.get("my-project-data-volume.service")).toContain("podman volume create --ignore --opt o=uid=1000,gid=1000 systemd-my-project-data");
  });
});
