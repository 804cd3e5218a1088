import type { Host } from "./host.js";
import { Resource, refName } from "./resource.js";

/**
 * Options of a periodic job. Give exactly one of `script` and `command`.
 *
 * @example
 * { schedule: "Sun 04:00", user: "alice", script: "podman system prune --force" }
 */
export interface JobProps {
  /**
   * When it runs: a systemd calendar expression (`OnCalendar=`), e.g. `"daily"`,
   * `"Mon..Fri 09:00"`, `"*-*-* 03:30:00"`.
   */
  readonly schedule: string;
  /** A POSIX shell script, run by `/bin/sh -c`. */
  readonly script?: string;
  /** A command line, run directly (the first word an absolute path or a name on the unit's PATH). */
  readonly command?: readonly string[];
  /** Run in this account's systemd user manager (its rootless podman); as root when omitted. */
  readonly user?: string;
  /** The host it runs on; may be omitted when the lab declares at most one host. */
  readonly host?: Host;
  /** Shown by `systemctl status`; default `<name> (homelab-gen job)`. */
  readonly description?: string;
  /** Run at the next boot when the machine was off at the scheduled time. Default `true`. */
  readonly persistent?: boolean;
  /** Environment variables of the job. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * A periodic job: a systemd timer and the oneshot service it starts (`systemd/<name>.timer`,
 * `systemd/<name>.service`). Create it with `lab.job(...)`.
 *
 * @example
 * myLab.job("prune-images", { schedule: "weekly", command: ["podman", "image", "prune", "--force"] });
 */
export class Job extends Resource<"job"> {
  /** @internal Use `lab.job(...)`. */
  constructor(
    name: string,
    readonly props: JobProps,
  ) {
    super("job", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props, host: refName(this.props.host) };
  }
}
