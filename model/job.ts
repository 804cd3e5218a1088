import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { calendarProblem } from "./calendar.js";
import { resourceName } from "./common.js";
import { defaultHost, hostUser } from "./placement.js";
import { envName, unitAssignedValue, unitScalar, unitWord } from "./representable.js";

/** What the DSL hands over for a job. */
export const jobInput = z
  .strictObject({
    name: resourceName,
    schedule: z.string().check(
      z.superRefine((expr, ctx) => {
        const problem = calendarProblem(expr);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      }),
    ),
    script: z.optional(unitWord),
    command: z.optional(z.array(unitWord).check(z.minLength(1))),
    user: z.optional(hostUser),
    host: z.optional(z.string()),
    description: z.optional(unitScalar),
    persistent: z._default(z.boolean(), true),
    env: z._default(z.record(envName, unitAssignedValue), {}),
  })
  .check(z.refine((j) => (j.script === undefined) !== (j.command === undefined), { message: "a job needs exactly one of script and command" }));

/** A periodic job, normalized. */
export interface ModelJob {
  readonly name: string;
  readonly schedule: string;
  /** The command line the service runs; exactly one of `command` and `script`. */
  readonly command?: readonly string[];
  /** A POSIX shell script, written to a file of its own that the service runs with /bin/sh. */
  readonly script?: string;
  readonly user?: string;
  readonly host?: string;
  readonly description: string;
  readonly persistent: boolean;
  readonly env: Readonly<Record<string, string>>;
  readonly source: SourceLocation;
}

/** Normalize a job: its command line, description and host. */
export function normalizeJob(input: z.output<typeof jobInput>, hosts: readonly { name: string }[], source: SourceLocation): ModelJob {
  const host = input.host ?? defaultHost(hosts);
  return {
    name: input.name,
    schedule: input.schedule,
    ...(input.command !== undefined && { command: input.command }),
    ...(input.script !== undefined && { script: input.script }),
    ...(input.user !== undefined && { user: input.user }),
    ...(host !== undefined && { host }),
    description: input.description ?? `${input.name} (homelab-gen job)`,
    persistent: input.persistent,
    env: input.env,
    source,
  };
}
