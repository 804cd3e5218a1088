import type { ModelJob } from "../../model/job.js";
import type { Model } from "../../model/model.js";
import { envAssignment, words } from "../../syntax/unit/escape.js";
import { unitFile, type UnitEntry } from "../../syntax/unit/unit-file.js";
import { headerLines } from "../header.js";
import { scriptPath } from "../scripts.js";
import { systemdValue } from "../unit-values.js";
import { SERVICE_PATH } from "../unit-path.js";

/**
 * A rootless job's units go where every user manager reads them (there is no per-user system
 * directory for plain units); `ConditionUser=` keeps all but its own user from running it.
 */
const unitSection = (job: ModelJob, what: string): UnitEntry[] => [
  ["Description", systemdValue(`${job.description}${what}`)],
  ...(job.user === undefined ? [] : [["ConditionUser", systemdValue(job.user)] as UnitEntry]),
];

/** `systemd/<name>.service`: the oneshot service the timer starts. */
export function jobService(model: Model, job: ModelJob, portable: boolean): string {
  return unitFile(
    [
      { name: "Unit", entries: unitSection(job, "") },
      {
        name: "Service",
        entries: [
          ["Type", "oneshot"],
          // systemd's Environment= does not expand `$`: no `$$` there.
          ["Environment", envAssignment("PATH", SERVICE_PATH, { variables: false })],
          ...Object.entries(job.env).map(([name, value]): UnitEntry => ["Environment", envAssignment(name, value, { variables: false })]),
          // A script runs from its own file (scripts/<job>.sh), not escaped onto this line.
          ["ExecStart", words(job.command ?? ["/bin/sh", scriptPath(model, job.name, portable)])],
        ],
      },
    ],
    headerLines(model, { portable }),
  );
}

/** `systemd/<name>.timer`: when the job runs; enabled through `timers.target`. */
export function jobTimer(model: Model, job: ModelJob, portable: boolean): string {
  return unitFile(
    [
      { name: "Unit", entries: unitSection(job, " (timer)") },
      { name: "Timer", entries: [["OnCalendar", systemdValue(job.schedule)], ["Persistent", job.persistent ? "true" : "false"]] },
      { name: "Install", entries: [["WantedBy", "timers.target"]] },
    ],
    headerLines(model, { portable }),
  );
}
