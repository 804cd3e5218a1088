import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { containerFields, envAndSecrets, normalizeContainer, type ModelContainer } from "./container.js";
import { hostUser } from "./placement.js";
import { longestFill, unknownPlaceholders } from "./placeholders.js";
import { podmanVolumeInput, type ModelPodmanVolume } from "./podman-volume.js";
import { absolutePath, envName, unitAssignedValue } from "./representable.js";

// Options of a container that make no sense for many containers of one shape: a fixed name,
// account, published host ports (they would clash), dependencies and boot targets.
const { name: _name, user: _user, ports: _ports, volumes: _volumes, dependsOn: _dependsOn, wantedBy: _wantedBy, ...shared } = containerFields;

const limit = z.optional(z.number().check(z.int(), z.gte(1, "limits are whole numbers, at least 1")));

/** One printable line (help and connect texts are printed by the command). */
const line = z.string().check(z.regex(/^[^\u0000-\u001f\u007f]+$/, "must be one line of printable text"));

const home = z.strictObject({
  path: absolutePath,
  volume: z.string().check(
    z.refine((v) => v.includes("{name}"), "the home volume's name must contain {name}: each container has its own"),
    z.refine((v) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/.test(longestFill(v)), "the home volume's name, filled in, must be letters, digits, '.', '_' or '-' (at most 200 characters)"),
  ),
  owner: podmanVolumeInput.shape.owner,
});

// The command writes a flag's variables to a podman env file: one line each.
const flag = z.strictObject({ env: z.record(envName, unitAssignedValue.check(z.regex(/^[^\n\r]*$/, "podman env files take one line per variable"))), help: line });

/** What the DSL hands over for a container template. */
export const containerTemplateInput = z
  .strictObject({
    ...shared,
    // The command is `<name>-ctl` and the default group `<name>`: a group name, short enough for both.
    name: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,27}$/, "template names are 1-28 lowercase letters, digits or '-', starting with a letter (the command is <name>-ctl)")),
    users: z.array(hostUser).check(
      z.minLength(1, "name at least one account that may use the template"),
      z.refine((us) => new Set(us).size === us.length, "users are listed twice"),
    ),
    group: z.optional(z.string().check(z.regex(/^[a-z_][a-z0-9_-]{0,31}$/, "group must be a group name (lowercase letters, digits, '_', '-')"))),
    limits: z._default(z.strictObject({ perUser: limit, total: limit }), {}),
    home: z.optional(home),
    flags: z._default(
      z.record(z.string(), flag).check(
        z.superRefine((flags, ctx) => {
          for (const name of Object.keys(flags)) {
            if (!/^[a-z][a-z0-9-]{0,30}$/.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "flag names are lowercase letters, digits and '-' (the option is --with-<flag>)" });
          }
        }),
      ),
      {},
    ),
    connect: z._default(z.array(line), []),
    tailscale: z.optional(
      z.strictObject({
        socket: z.optional(absolutePath),
        timeoutSeconds: z._default(z.number().check(z.int(), z.gte(1), z.lte(3600, "wait at most 3600 seconds")), 120),
      }),
    ),
  })
  .check(
    envAndSecrets,
    z.superRefine((t, ctx) => {
      for (const placeholder of unknownPlaceholders(t)) {
        ctx.addIssue({ code: "custom", message: `${placeholder} is not a placeholder: template strings may hold {name} and {user}` });
      }
      for (const [flagName, f] of Object.entries(t.flags)) {
        for (const variable of Object.keys(f.env)) {
          if (variable in t.env || variable in t.secrets) ctx.addIssue({ code: "custom", path: ["flags", flagName, "env", variable], message: `${variable} is already set by the template's env or secrets` });
        }
      }
    }),
  );

/** A `create` option: `--with-<name>` adds `env` to the container. */
export interface ModelTemplateFlag {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
  readonly help: string;
}

/** A container template, normalized. Strings still hold `{name}` and `{user}`. */
export interface ModelContainerTemplate {
  readonly name: string;
  readonly host?: string;
  readonly users: readonly string[];
  readonly group: string;
  readonly limits: { readonly perUser?: number; readonly total?: number };
  /**
   * The container each `create` makes, named `{name}` and run by `{user}`: the same model as a
   * declared container, so the same checks and the same unit generator apply.
   */
  readonly container: ModelContainer;
  /** Its home volume (named with `{name}`), when it has one. */
  readonly home?: ModelPodmanVolume;
  /** Sorted by name. */
  readonly flags: readonly ModelTemplateFlag[];
  readonly connect: readonly string[];
  readonly tailscale?: { readonly socket?: string; readonly timeoutSeconds: number };
  readonly source: SourceLocation;
}

/** Normalize a template: its container and volume, group, flags in order. */
export function normalizeContainerTemplate(input: z.output<typeof containerTemplateInput>, hosts: readonly { name: string }[], source: SourceLocation): ModelContainerTemplate {
  const { name, users, group, limits, home, flags, connect, tailscale, ...options } = input;
  const container = normalizeContainer(
    {
      ...options,
      name: "{name}",
      user: "{user}",
      ports: [],
      volumes: home === undefined ? [] : [{ volume: home.volume, path: home.path, readOnly: false }],
      labels: { ...options.labels, "homelab-gen.template": name },
      dependsOn: [],
      wantedBy: undefined,
    },
    hosts,
    source,
  );
  return {
    name,
    ...(container.host !== undefined && { host: container.host }),
    users,
    group: group ?? name,
    limits,
    container,
    ...(home !== undefined && { home: { name: home.volume, ...(home.owner !== undefined && { owner: home.owner }), labels: {}, source } }),
    flags: Object.entries(flags)
      .map(([flagName, f]) => ({ name: flagName, ...f }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    connect,
    ...(tailscale !== undefined && { tailscale }),
    source,
  };
}
