import { mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemdUnits } from "../generators/systemd/units.js";
import { calendarProblem } from "../model/calendar.js";
import type { Model } from "../model/model.js";
import { kitchenSink, modelOf } from "./support/container-lab.js";
import { synthExample } from "./support/generated.js";
import { requireTool } from "./support/nix.js";
import { execStartWords } from "./support/quadlet.js";
import { systemdCalendar, systemdVerify } from "./support/systemd.js";

/** Writes a lab's job units to a folder and returns their paths. */
function written(model: Model): string[] {
  const dir = mkdtempSync(join(tmpdir(), "hlg-jobs-"));
  return systemdUnits(model, false).map((u) => {
    writeFileSync(join(dir, u.file), u.text);
    return join(dir, u.file);
  });
}

describe("periodic jobs", () => {
  it("devbox: the cleanup timers and services pass systemd-analyze verify", () => {
    const { model, files } = synthExample("devbox");
    expect([...files.keys()].filter((f) => f.startsWith("systemd/"))).toEqual([
      "systemd/devbox-cleanup-alice.service",
      "systemd/devbox-cleanup-alice.timer",
      "systemd/devbox-cleanup-bob.service",
      "systemd/devbox-cleanup-bob.timer",
    ]);
    const result = systemdVerify(written(model));
    expect(result.ok, result.output).toBe(true);
  });

  it("kitchen sink: rootful and rootless jobs pass systemd-analyze verify", () => {
    const result = systemdVerify(written(modelOf(kitchenSink("4.4"))));
    expect(result.ok, result.output).toBe(true);
  });

  it("a job runs its script as written, and a rootless one only in its user's manager", () => {
    const model = modelOf(kitchenSink("4.4"));
    const units = systemdUnits(model, false);
    const report = units.find((u) => u.file === "report.service")!.text;
    expect(execStartWords(report)).toEqual(["/bin/sh", "-c", "podman ps --format '{{.Names}} %s' | logger -t report"]);
    expect(report).toContain("\nConditionUser=alice\n");
    expect(units.find((u) => u.file === "report.timer")!.text).toMatch(/\nOnCalendar=hourly\nPersistent=false\n/);
    const prune = units.find((u) => u.file === "prune.service")!.text;
    expect(prune).not.toContain("ConditionUser");
    expect(prune).toContain("\nEnvironment=LANG=C.UTF-8\n");
  });

  it("the devbox cleanup script is shellcheck-clean and checks podman's timestamps", () => {
    requireTool("shellcheck");
    const job = synthExample("devbox").model.jobs[0]!;
    const file = join(mkdtempSync(join(tmpdir(), "hlg-sh-")), "cleanup.sh");
    writeFileSync(file, `#!/bin/sh\n${job.script}`);
    const r = spawnSync("shellcheck", ["--shell=sh", file], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const field of [".State.StartedAt.Unix", ".State.FinishedAt.Unix", ".Created.Unix", "PODMAN_SYSTEMD_UNIT"]) expect(job.script).toContain(field);
  });
});

describe("calendar expressions agree with systemd-analyze calendar", () => {
  it("accepts what systemd accepts for the usual forms", () => {
    for (const expr of ["daily", "weekly UTC", "Mon..Fri 09:00", "Sat,Sun 10:30", "*-*-* 03:30:00", "*-02~03", "*:0/15", "2025-01-01", "Mon-Wed *-*-1,15 12:00:00 Europe/Berlin", "@1700000000"]) {
      expect(calendarProblem(expr), expr).toBeUndefined();
      expect(systemdCalendar(expr).ok, expr).toBe(true);
    }
  });

  it("never accepts what systemd refuses (random expressions from calendar pieces)", () => {
    const piece = fc.constantFrom(
      "*", "0", "1", "7", "12", "23", "24", "31", "32", "59", "60", "70", "99", "2024", "2200", "1..5", "5..1", "0/15", "*/2", "1,2", "1.5",
      "~", "-", ":", "..", "/", ",", " ", "\t", "Mon", "fri", "Sunday", "UTC", "Europe/Berlin", "Mars/Base", "daily", "@", "x", "",
    );
    const disagreements: string[] = [];
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (parts) => {
        const expr = parts.join("");
        if (calendarProblem(expr) === undefined && !systemdCalendar(expr).ok) disagreements.push(expr);
      }),
      { numRuns: 600, seed: 42 },
    );
    expect(disagreements).toEqual([]);
  });
});
