import type { Model } from "../../model/model.js";
import { comparePaths } from "../output.js";
import { placementOf, type Placement } from "../placement.js";
import { jobService, jobTimer } from "./job.js";

/** A generated plain systemd unit (`systemd/<file>`) and where it is installed. */
export interface SystemdUnit {
  readonly file: string;
  readonly text: string;
  readonly placement: Placement;
  /** Timers are enabled (through `timers.target`); their services are started by them. */
  readonly timer: boolean;
}

/** The timer and service of every job, sorted by file name; `portable` for hosts without Nix. */
export function systemdUnits(model: Model, portable: boolean): SystemdUnit[] {
  return model.jobs
    .flatMap((job) => [
      { file: `${job.name}.service`, text: jobService(model, job, portable), placement: placementOf(job), timer: false },
      { file: `${job.name}.timer`, text: jobTimer(model, job, portable), placement: placementOf(job), timer: true },
    ])
    .sort((a, b) => comparePaths(a.file, b.file));
}
