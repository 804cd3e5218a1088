import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { archivePlaceholder } from "../generators/quadlet/archive.js";
import type { Model } from "../model/model.js";
import { kitchenSink, modelOf } from "./support/container-lab.js";
import { synthExample, writeTemp } from "./support/generated.js";
import { requireTool } from "./support/nix.js";

// Fakes on PATH, each logging its argv (tab-separated) to $FAKE_LOG. install copies for real (as
// the invoking user, ignoring -o/-g); systemctl remembers enable/start so is-enabled/is-active
// answer like a real one; id and getent know alice (uid 1001) and bob (1002); loginctl lingers.
const FAKES: Record<string, string> = {
  install: `args=""; for a in "$@"; do case $a in -o|-g) skip=1 ;; *) if [ -n "\${skip:-}" ]; then skip=; else set -- "$@" "$a"; fi ;; esac; shift; done; exec /usr/bin/install "$@"`,
  systemctl: [
    `scope=system; while :; do case $1 in --user) shift; scope=$2; shift 2 ;; --global) scope=global; shift ;; *) break ;; esac; done`,
    `verb=$1; shift; [ "$1" = --quiet ] && shift; [ "$1" = --now ] && shift`,
    `[ "$verb" = daemon-reload ] && [ -n "\${FAKE_FAIL_RELOAD:-}" ] && { echo "Failed to connect to bus" >&2; exit 1; }`,
    `case $verb in`,
    `  is-enabled) test -e "$FAKE_STATE/enabled-$scope-$1" ;;`,
    `  is-active) test -e "$FAKE_STATE/active-$scope-$1" ;;`,
    `  enable) touch "$FAKE_STATE/enabled-$scope-$1" ;;`,
    `  start|restart) touch "$FAKE_STATE/active-$scope-$1" ;;`,
    `esac`,
  ].join("\n"),
  id: `case "$1 $2" in "-u alice"|"-g alice") echo 1001 ;; "-u bob"|"-g bob") echo 1002 ;; *) echo "id: $2: no such user" >&2; exit 1 ;; esac`,
  getent: [
    `case "$1 $2" in`,
    `  "passwd alice") echo "alice:x:1001:1001::/home/alice:/bin/sh" ;;`,
    `  "passwd bob") echo "bob:x:1002:1002::/home/bob:/bin/sh" ;;`,
    `  "group $2") [ -e "$FAKE_STATE/group-$2" ] || exit 2; printf '%s:x:900:%s\n' "$2" "$(cat "$FAKE_STATE/group-$2")" ;;`,
    `  *) exit 2 ;;`,
    `esac`,
  ].join("\n"),
  loginctl: `mkdir -p /var/lib/systemd/linger && touch "/var/lib/systemd/linger/$2"`,
  // Groups live in the fake state: a group's file holds its members, comma-separated.
  groupadd: `: > "$FAKE_STATE/group-$2"`,
  usermod: `m=$(cat "$FAKE_STATE/group-$3"); echo "\${m:+$m,}$4" > "$FAKE_STATE/group-$3"`,
};

interface World {
  readonly dir: string;
  readonly root: string;
  readonly images: string;
  /** Runs install.sh as on a live system (default), or with `DESTDIR` set to `root` (`staged`). */
  run(args?: string[], env?: Record<string, string>, mode?: "live" | "staged"): { status: number | null; stdout: string; stderr: string; calls: string[][] };
}

/**
 * A live run must write to /etc, /var/lib, /home and /usr/local: it runs in a private mount namespace
 * (unshare, as the user namespace's root) where those are `root`'s folders bound over them.
 */
const LIVE = `for d in etc var/lib home usr/local; do mkdir -p "$ROOT/$d" && mount --bind "$ROOT/$d" "/$d"; done; exec bash "$@"`;

/** The portable output of a model in a folder, fakes on PATH and an empty DESTDIR. */
function world(model: Model): World {
  const dir = writeTemp(generateAll(model, { target: "libvirt", outDir: "/tmp/unused" }));
  const base = mkdtempSync(join(tmpdir(), "hlg-install-"));
  const bin = join(base, "bin");
  const state = join(base, "state");
  const root = join(base, "root");
  const images = join(base, "images");
  for (const d of [bin, state, root, images]) mkdirSync(d);
  for (const [name, body] of Object.entries(FAKES)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n{ printf '%s' ${name}; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >>"$FAKE_LOG"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const log = join(base, "calls.log");
  return {
    dir,
    root,
    images,
    run(args = [], env = {}, mode = "live") {
      writeFileSync(log, "");
      const script = [join(dir, "install.sh"), ...args];
      const r = spawnSync(mode === "live" ? "unshare" : "bash", mode === "live" ? ["--map-root-user", "--mount", "bash", "-c", LIVE, "live", ...script] : script, {
        env: { PATH: `${bin}:/usr/bin:/bin:/usr/sbin:/sbin`, ...(mode === "staged" ? { DESTDIR: root } : { ROOT: root }), HOMELAB_GEN_IMAGES: images, FAKE_LOG: log, FAKE_STATE: state, ...env },
        encoding: "utf8",
      });
      const calls = readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t"));
      return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
    },
  };
}

/** Calls that change something (not the id/getent lookups or systemctl queries). */
const changes = (calls: string[][]) => calls.filter((c) => !["id", "getent"].includes(c[0]!) && !c.some((a) => a === "is-enabled" || a === "is-active"));

describe("install.sh (portable target)", () => {
  it("is shellcheck-clean", () => {
    requireTool("shellcheck");
    for (const model of [synthExample("devbox").model, modelOf(kitchenSink("4.4")), modelOf(kitchenSink("4.8"))]) {
      const dir = writeTemp(generateAll(model, { target: "libvirt", outDir: "/tmp/unused" }));
      const r = spawnSync("shellcheck", ["--severity=style", join(dir, "install.sh")], { encoding: "utf8" });
      expect(r.status, r.stdout).toBe(0);
    }
  });

  it("devbox: installs units, archive and timers, reloads and restarts; a second run changes nothing", () => {
    const w = world(synthExample("devbox").model);
    writeFileSync(join(w.images, "devcontainer.tar.gz"), "archive v1");
    const first = w.run();
    expect(first.status, first.stderr).toBe(0);
    const archive = "/var/lib/homelab-gen/devbox/images/devcontainer.tar.gz";
    expect(readFileSync(join(w.root, archive), "utf8")).toBe("archive v1");
    const image = readFileSync(join(w.root, "etc/containers/systemd/users/1001/devcontainer.image"), "utf8");
    expect(image).toContain(`Image=docker-archive:${archive}\n`);
    expect(image).not.toContain(archivePlaceholder("devcontainer"));
    expect(readFileSync(join(w.root, "etc/containers/systemd/users/1002/bob-dev.container"), "utf8")).toBe(readFileSync(join(w.dir, "quadlet/bob-dev.container"), "utf8"));
    expect(existsSync(join(w.root, "etc/systemd/user/devbox-cleanup-alice.timer"))).toBe(true);
    // Scripts the units run are installed where the units name them, executable, as generated.
    for (const name of ["append-secret", "devbox-cleanup-alice", "devbox-cleanup-bob"]) {
      const installed = join(w.root, `var/lib/homelab-gen/devbox/scripts/${name}.sh`);
      expect(readFileSync(installed, "utf8")).toBe(readFileSync(join(w.dir, `scripts/${name}.sh`), "utf8"));
      expect(statSync(installed).mode & 0o777).toBe(0o755);
    }
    expect(readFileSync(join(w.root, "etc/systemd/user/devbox-cleanup-alice.service"), "utf8")).toContain(
      "\nExecStart=/bin/sh /var/lib/homelab-gen/devbox/scripts/devbox-cleanup-alice.sh\n",
    );
    const systemctl = changes(first.calls).filter((c) => c[0] === "systemctl").map((c) => c.slice(1).join(" "));
    expect(systemctl).toEqual([
      "--user -M alice@ daemon-reload",
      "--user -M bob@ daemon-reload",
      "--user -M alice@ restart devcontainer-image.service",
      "--user -M bob@ restart devcontainer-image.service",
      "--user -M alice@ restart alice-dev.service",
      "--user -M bob@ restart bob-dev.service",
      "--global enable devbox-cleanup-alice.timer",
      "--user -M alice@ start devbox-cleanup-alice.timer",
      "--global enable devbox-cleanup-bob.timer",
      "--user -M bob@ start devbox-cleanup-bob.timer",
    ]);
    expect(changes(first.calls).filter((c) => c[0] === "loginctl")).toEqual([["loginctl", "enable-linger", "alice"], ["loginctl", "enable-linger", "bob"]]);
    // The template's command, its group with both developers, and its shared state.
    expect(changes(first.calls).filter((c) => ["groupadd", "usermod"].includes(c[0]!))).toEqual([
      ["groupadd", "--system", "devbox"],
      ["usermod", "-a", "-G", "devbox", "alice"],
      ["usermod", "-a", "-G", "devbox", "bob"],
    ]);
    const command = join(w.root, "usr/local/bin/devbox-ctl");
    expect(readFileSync(command, "utf8")).toBe(readFileSync(join(w.dir, "bin/devbox-ctl"), "utf8"));
    expect(statSync(command).mode & 0o7777).toBe(0o755);
    expect(statSync(join(w.root, "var/lib/homelab-gen/devbox/devbox-ctl")).mode & 0o7777).toBe(0o3770);

    const second = w.run();
    expect(second.status, second.stderr).toBe(0);
    expect(changes(second.calls)).toEqual([]);
    expect(second.stdout).toBe("");

    // A rebuilt image: copied again, its image service and the containers using it restarted.
    writeFileSync(join(w.images, "devcontainer.tar.gz"), "archive v2");
    const third = w.run();
    expect(changes(third.calls).map((c) => c.join(" "))).toEqual([
      expect.stringMatching(/^install -D -m 0644 .*devcontainer\.tar\.gz .*devcontainer\.tar\.gz$/),
      "systemctl --user -M alice@ daemon-reload",
      "systemctl --user -M bob@ daemon-reload",
      "systemctl --user -M alice@ restart devcontainer-image.service",
      "systemctl --user -M bob@ restart devcontainer-image.service",
    ]);
  });

  it("podman before 4.6: rootless units go to the user's home; rootful ones and system timers too", () => {
    const w = world(modelOf(kitchenSink("4.4")));
    const first = w.run();
    expect(first.status, first.stderr).toBe(0);
    for (const f of ["db.container", "worker.container", "pgdata.volume", "backend.network"]) expect(existsSync(join(w.root, "home/alice/.config/containers/systemd", f)), f).toBe(true);
    expect(existsSync(join(w.root, "etc/containers/systemd/web.container"))).toBe(true);
    expect(existsSync(join(w.root, "etc/containers/systemd/backend.network"))).toBe(false);
    expect(readFileSync(join(w.root, "etc/systemd/system/prune.timer"), "utf8")).toContain("OnCalendar=Sun *-*-* 04:00:00");
    const installs = first.calls.filter((c) => c[0] === "install" && c.includes("-o"));
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.every((c) => c[c.indexOf("-o") + 1] === "alice")).toBe(true);
    const systemctl = changes(first.calls).filter((c) => c[0] === "systemctl").map((c) => c.slice(1).join(" "));
    expect(systemctl).toEqual(expect.arrayContaining(["daemon-reload", "--user -M alice@ daemon-reload", "restart web.service", "--user -M alice@ restart db.service", "enable --now prune.timer"]));
    expect(w.run().calls.filter((c) => changes([c]).length > 0)).toEqual([]);
  });

  it("stops at the first error and names the failing command", () => {
    const devbox = world(synthExample("devbox").model);
    const missing = devbox.run();
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("devcontainer.tar.gz is missing");
    expect(changes(missing.calls)).toEqual([]);

    const sink = world(modelOf(kitchenSink("4.8")));
    const failed = sink.run([], { FAKE_FAIL_RELOAD: "1" });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/install\.sh: line \d+: command failed \(exit 1\): systemctl "\$@"/);
    expect(changes(failed.calls).filter((c) => c[0] === "systemctl")).toEqual([["systemctl", "daemon-reload"]]);
  });

  it("with DESTDIR stages the files, lingering and timer links below it, and never runs systemctl or loginctl", () => {
    for (const model of [synthExample("devbox").model, modelOf(kitchenSink("4.4")), modelOf(kitchenSink("4.8"))]) {
      const w = world(model);
      writeFileSync(join(w.images, "devcontainer.tar.gz"), "archive v1");
      const live = world(model);
      writeFileSync(join(live.images, "devcontainer.tar.gz"), "archive v1");
      const staged = w.run([], {}, "staged");
      expect(staged.status, staged.stderr).toBe(0);
      expect(staged.calls.filter((c) => ["systemctl", "loginctl", "groupadd", "usermod"].includes(c[0]!))).toEqual([]);
      // The same files as a live install writes (lingering flags included), plus the links systemctl enable would make.
      expect(live.run().status).toBe(0);
      const entries = (root: string, links: boolean) =>
        readdirSync(root, { recursive: true }).map(String).filter((f) => (links ? lstatSync(join(root, f)).isSymbolicLink() : lstatSync(join(root, f)).isFile())).sort();
      expect(entries(w.root, false)).toEqual(entries(live.root, false));
      const timers = [...model.jobs].map((j) => `${j.name}.timer`);
      expect(entries(w.root, true).map((l) => l.replace(/.*\//, "")).sort()).toEqual(timers.sort());
      for (const link of entries(w.root, true)) expect(readlinkSync(join(w.root, link))).toBe(`/${link.replace("timers.target.wants/", "")}`);
      expect(w.run([], {}, "staged").calls.filter((c) => changes([c]).length > 0)).toEqual([]);
    }
  });

  it("refuses an unknown user instead of installing into every user's directory", () => {
    const model = modelOf(kitchenSink("4.8").replaceAll(`user: "alice"`, `user: "carol"`));
    const r = world(model).run();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("id: carol: no such user");
    expect(changes(r.calls).filter((c) => c[0] === "install" && c.some((a) => a.includes("/users/")))).toEqual([]);
  });
});
