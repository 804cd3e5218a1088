/**
 * Test helpers around `systemd-analyze` (Debian's systemd package; works in a container without a
 * running systemd). A missing binary makes the calling test fail, never skip.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

function systemdAnalyze(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("systemd-analyze", args, {
    encoding: "utf8",
    env: {
      ...process.env,
      SYSTEMD_LOG_LEVEL: "info",
      SYSTEMD_LOG_COLOR: "0",
      SYSTEMD_PAGER: "cat",
      SYSTEMD_COLORS: "0",
      LC_ALL: "C.UTF-8",
      TZ: "UTC",
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error) {
    throw new Error(
      `failed to run systemd-analyze (${r.error.message}); install the systemd package`,
    );
  }
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * Runs `systemd-analyze verify --man=no --generators=no --recursive-errors=no <paths>`.
 * Strict: `ok` needs exit status 0 AND no diagnostic mentioning "ignoring" or "Unknown"
 * (systemd treats an unknown key or an unparsable value as a warning and drops the line).
 * Note that verify checks that `ExecStart=` binaries exist on this host: use /bin/true,
 * /usr/bin/env, ... in test units.
 */
export function systemdVerify(paths: readonly string[]): { ok: boolean; output: string } {
  if (paths.length === 0) throw new Error("systemdVerify: no unit files given");
  const r = systemdAnalyze([
    "verify",
    "--man=no",
    "--generators=no",
    "--recursive-errors=no",
    ...paths.map((p) => resolve(p)),
  ]);
  const output = (r.stdout + r.stderr).trim();
  const warned = /ignoring|unknown/i.test(output);
  return { ok: r.status === 0 && !warned, output };
}

/**
 * Runs `systemd-analyze calendar -- <expr>` (an `OnCalendar=` expression). `normalized` is
 * systemd's "Normalized form:" (e.g. `daily` -> `*-*-* 00:00:00`) when the expression parses.
 */
export function systemdCalendar(expr: string): { ok: boolean; normalized?: string; output: string } {
  const r = systemdAnalyze(["calendar", "--", expr]);
  const output = (r.stdout + r.stderr).trim();
  const m = /^\s*Normalized form: (.*)$/m.exec(r.stdout);
  if (r.status === 0 && m) return { ok: true, normalized: m[1]!.trim(), output };
  return { ok: false, output };
}
