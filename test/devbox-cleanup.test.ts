import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthExample } from "./support/generated.js";

const DAY = 86400;

// Recording fakes for the cleanup job: podman answers from a folder per container (one file per
// inspected field), devbox-ctl names the containers stopped long enough.
const FAKES: Record<string, string> = {
  podman: `c=$FAKE_DIR/containers
case $1 in
  ps) ls "$c" ;;
  inspect)
    case $3 in
      '{{.Name}}') f=name ;;
      '{{.State.Status}}') f=status ;;
      '{{.State.StartedAt.Unix}}') f=started ;;
      '{{.State.FinishedAt.Unix}}') f=finished ;;
      '{{.Created.Unix}}') f=created ;;
      '{{range .Mounts}}{{.Source}} {{end}}') f=mounts ;;
      *PODMAN_SYSTEMD_UNIT*) f=unit ;;
      *homelab-gen.template*) f=template ;;
      *) echo "fake podman: $3?" >&2; exit 1 ;;
    esac
    cat "$c/$4/$f" 2>/dev/null || echo ;;
  *) ;;
esac`,
  "devbox-ctl": `[ "$1 $2" = "list --stopped-for" ] && [ "$3" = 14 ] && echo old-box; exit 0`,
  systemctl: "exit 0",
};

describe("the devbox cleanup job covers containers made by devbox-ctl", () => {
  it("stops idle ones through devbox-ctl, destroys those stopped 14 days, and still handles declared ones", () => {
    const script = synthExample("devbox").model.jobs.find((j) => j.name === "devbox-cleanup-alice")!.script!;
    const base = mkdtempSync(join(tmpdir(), "hlg-cleanup-"));
    const bin = join(base, "bin");
    mkdirSync(bin);
    const log = join(base, "calls.log");
    writeFileSync(log, "");
    for (const [name, body] of Object.entries(FAKES)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n{ printf '%s' ${JSON.stringify(name)}; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >>"$FAKE_LOG"\n${body}\n`, { mode: 0o755 });
    }
    const now = Math.floor(Date.now() / 1000);
    const container = (id: string, fields: Record<string, string | number>) => {
      mkdirSync(join(base, "containers", id), { recursive: true });
      for (const [f, v] of Object.entries(fields)) writeFileSync(join(base, "containers", id, f), `${v}\n`);
    };
    const home = (name: string, lastChange: number) => {
      const dir = join(base, "volumes", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "notes.txt"), "x");
      utimesSync(join(dir, "notes.txt"), lastChange, lastChange);
      utimesSync(dir, lastChange, lastChange);
      return dir;
    };
    container("a1", { name: "idle-box", status: "running", started: now - 9 * DAY, mounts: `${home("idle", now - 8 * DAY)} `, unit: "idle-box.service", template: "devbox" });
    container("a2", { name: "busy-box", status: "running", started: now - 9 * DAY, mounts: `${home("busy", now - DAY)} `, unit: "busy-box.service", template: "devbox" });
    container("a3", { name: "alice-dev", status: "running", started: now - 9 * DAY, mounts: `${home("static", now - 8 * DAY)} `, unit: "alice-dev.service" });
    const r = spawnSync("sh", ["-c", script], { env: { PATH: `${bin}:/usr/bin:/bin`, FAKE_LOG: log, FAKE_DIR: base, TZ: "UTC" }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const changes = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("podman\t"))
      .map((l) => l.split("\t").join(" "));
    expect(changes).toEqual([
      "devbox-ctl stop idle-box",
      "systemctl --user stop alice-dev.service",
      "devbox-ctl list --stopped-for 14",
      "devbox-ctl destroy old-box",
    ]);
    expect(r.stdout).toMatch(/^stopping idle-box: no activity since .*\nstopping alice-dev: .*\ndestroying old-box: stopped for 14 days\n$/);
  });
});
