import type { ModelContainerTemplate } from "../../model/container-template.js";
import type { Model } from "../../model/model.js";
import { hostLabel } from "../../model/podman.js";
import { ACCOUNT_NAME } from "../../model/placement.js";
import { CONTAINER_NAME } from "../../model/placeholders.js";
import { templateLimits } from "../../model/checks/container-templates.js";
import { shellQuote, shellWords } from "../../syntax/shell/quote.js";
import { headerLines } from "../header.js";
import { commandName, stateDir } from "./paths.js";
import { RUNTIME } from "./runtime.js";
import type { TemplateUnits } from "./units.js";

/** The command's exit codes: printed by `--help` (and listed in docs/containers.md). */
const EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, "success"],
  [1, "a step failed (create removes what it made again; the message names the step)"],
  [2, "usage error: unknown command or option, missing or invalid name"],
  [3, "refused: the name is taken, or a limit is reached"],
  [4, "you have no container of that name"],
  [5, "not set up: the shared state is missing or not writable for you, or you are root"],
];

/** `name() { cat <<'DELIM' ... DELIM }`: text printed as written (no expansion in a quoted here-document). */
function hereDocFunction(name: string, comment: string, text: string): string {
  const delimiter = "END_OF_TEXT";
  if (text === "") return `# ${comment}\n${name}() { :; }`;
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.includes(delimiter)) throw new Error(`internal error: a line of ${name} is the here-document delimiter`);
  return [`# ${comment}`, `${name}() {`, `  cat <<'${delimiter}'`, ...lines, delimiter, "}"].join("\n");
}

/** A word of a command line, with `{name}` and `{user}` filled in at run time. */
const filledWord = (word: string): string => (/\{(name|user)\}/.test(word) ? `"$(fill ${shellQuote(word)})"` : shellQuote(word));

/** `case` branches of a function over the flags. */
const flagCase = (fn: string, comment: string, t: ModelContainerTemplate, body: (f: ModelContainerTemplate["flags"][number]) => string): string =>
  t.flags.length === 0
    ? `# ${comment}\n${fn}() { :; }`
    : [`# ${comment}`, `${fn}() {`, `  case $1 in`, ...t.flags.map((f) => `    ${shellQuote(f.name)}) ${body(f)} ;;`), `  esac`, `}`].join("\n");

/** Steps of create, in order, as the messages name them. */
function createSteps(t: ModelContainerTemplate): string[] {
  return [
    "reserve name and slot",
    "linger",
    "read secrets",
    "write units",
    ...(t.home === undefined ? [] : ["create volume"]),
    "start",
    ...(t.tailscale === undefined ? [] : ["wait for Tailscale"]),
  ];
}

/** The help texts of the command and its subcommands. */
function helpFunctions(model: Model, t: ModelContainerTemplate): string[] {
  const command = commandName(t);
  const { perUser, total } = templateLimits(t, model);
  const limits = [perUser === undefined ? undefined : `at most ${perUser} per user`, total === undefined ? undefined : `${total} on the host`].filter((x) => x !== undefined);
  const flagWidth = Math.max(0, ...t.flags.map((f) => f.name.length + 7));
  return [
    hereDocFunction(
      "help_main",
      "Usage of the command.",
      [
        `Usage: ${command} COMMAND [ARGS]`,
        "",
        `Your own containers of template ${t.name} on ${hostLabel(t.host)}${limits.length > 0 ? ` (${limits.join(", ")})` : ""}.`,
        "",
        "Commands:",
        `  create NAME${t.flags.length > 0 ? " [--with-FLAG...]" : ""}  make and start a container, print how to connect`,
        `  destroy NAME [--keep-volume]  ${t.tailscale === undefined ? "" : "log it out of Tailscale, "}remove it${t.home === undefined ? "" : " and its volume"}`,
        "  start NAME                    start a stopped container",
        "  stop NAME                     stop it (it stays stopped across reboots)",
        "  list [--stopped-for DAYS]     your containers: state, age, last activity, flags",
        "  status NAME                   one container in detail, with how to connect",
        "",
        `Run ${command} COMMAND --help for its options.`,
        "",
        "Exit codes:",
        ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`),
      ].join("\n"),
    ),
    hereDocFunction(
      "help_create",
      "Usage of create.",
      [
        `Usage: ${command} create NAME${t.flags.length > 0 ? " [--with-FLAG...]" : ""}`,
        "",
        "NAME: 3-63 lowercase letters, digits and '-', not starting or ending with '-'; unique on the host.",
        `Steps: ${createSteps(t).join(", ")}.`,
        "A failing step is named, and everything made before it is removed again.",
        ...(t.flags.length === 0 ? [] : ["", "Options:", ...t.flags.map((f) => `  ${`--with-${f.name}`.padEnd(flagWidth)}  ${f.help}`)]),
      ].join("\n"),
    ),
    hereDocFunction(
      "help_destroy",
      "Usage of destroy.",
      [
        `Usage: ${command} destroy NAME [--keep-volume]`,
        "",
        ...(t.tailscale === undefined ? [] : ["Logs the container out of Tailscale (starting it for that if it is stopped), then"]),
        `removes its service, units${t.home === undefined ? "" : " and home volume"} and frees its name.`,
        ...(t.home === undefined ? [] : ["  --keep-volume  keep the home volume: create NAME again later to use it"]),
      ].join("\n"),
    ),
    hereDocFunction("help_start", "Usage of start.", `Usage: ${command} start NAME\n\nStarts a stopped container (with the template as it is now)${t.tailscale === undefined ? "" : " and waits for Tailscale"}.`),
    hereDocFunction("help_stop", "Usage of stop.", `Usage: ${command} stop NAME\n\nStops the container; it stays stopped, across reboots too, until start.`),
    hereDocFunction(
      "help_list",
      "Usage of list.",
      [
        `Usage: ${command} list [--stopped-for DAYS]`,
        "",
        "Your containers: name, state, age, last activity (start, or a later change in the home volume), flags.",
        "  --stopped-for DAYS  only the names of those stopped at least DAYS days (for the cleanup job)",
      ].join("\n"),
    ),
    hereDocFunction("help_status", "Usage of status.", `Usage: ${command} status NAME\n\nOne of your containers: state, times, flags, unit, volume, how to connect.`),
  ];
}

/** `read_secrets`: each command secret run once, as the unit will run it at every start. */
function readSecrets(t: ModelContainerTemplate): string {
  const secrets = t.container.secrets.flatMap((s) => (s.kind === "command" ? [s] : []));
  const lines = secrets.map((s) => `  secret_command ${shellQuote(s.variable)} ${filledWord(s.environmentFile ?? "")} ${s.argv.map(filledWord).join(" ")} || return 1`);
  return ["# read_secrets: each secret command once, output discarded, so a missing key stops create early.", "read_secrets() {", ...(lines.length > 0 ? lines : ["  :"]), "}"].join("\n");
}

/**
 * `bin/<command>`: the control command of a template, a bash script. The first part says what the
 * topology declares (limits, names in use, the units as homelab-gen's Quadlet generator printed
 * them with `{name}` and `{user}` in place); the fixed part (runtime.ts) runs the subcommands.
 */
export function controlScript(model: Model, t: ModelContainerTemplate, units: TemplateUnits, portable: boolean): string {
  const { perUser, total } = templateLimits(t, model);
  const onHost = (r: { host?: string }) => r.host === t.host;
  const declared = model.containers.filter(onHost);
  const reserved = [
    ...declared.map((c) => c.name),
    ...model.podmanVolumes.map((v) => `${v.name}-volume`),
    ...model.podmanNetworks.map((n) => `${n.name}-network`),
    ...model.images.map((i) => `${i.name}-image`),
    ...model.jobs.filter(onHost).map((j) => j.name),
  ];
  const array = (items: readonly string[]) => `(${shellWords(items)})`;
  return [
    "#!/usr/bin/env bash",
    ...headerLines(model, { portable }).map((l) => `# ${l}`),
    "#",
    `# ${commandName(t)}: containers of template ${t.name}, made on demand by the members of group ${t.group}`,
    `# (${t.users.join(", ")}). Run ${commandName(t)} --help; docs/containers.md of homelab-gen explains the design.`,
    "set -euo pipefail",
    "",
    "# ---------------------------------------------------------------------------------------------",
    "# From the topology.",
    "",
    `command=${shellQuote(commandName(t))}`,
    `state_dir=${shellQuote(stateDir(model, t))}`,
    `group=${shellQuote(t.group)}`,
    `name_pattern=${shellQuote(CONTAINER_NAME.source)}`,
    `account_pattern=${shellQuote(ACCOUNT_NAME.source)}`,
    `limit_total=${total ?? ""}`,
    `limit_per_user=${perUser ?? ""}`,
    "# Service names of what the topology declares: no container may take them.",
    `reserved=${array(reserved)}`,
    "# The containers the topology declares on this host (user:name): they count toward the limits.",
    `declared=${array(declared.map((c) => `${c.user ?? "root"}:${c.name}`))}`,
    `home_volume=${shellQuote(t.home?.name ?? "")}`,
    `flags=${array(t.flags.map((f) => f.name))}`,
    `tailscale=${t.tailscale === undefined ? "no" : "yes"}`,
    `tailscale_args=${array(t.tailscale?.socket === undefined ? [] : [`--socket=${t.tailscale.socket}`])}`,
    `tailscale_timeout=${t.tailscale?.timeoutSeconds ?? 0}`,
    "",
    ...helpFunctions(model, t).flatMap((f) => [f, ""]),
    flagCase("flag_env", "flag_env FLAG: the NAME=value lines --with-FLAG adds to the container's env file.", t, (f) =>
      Object.keys(f.env).length === 0 ? ":" : `printf '%s\\n' ${shellWords(Object.entries(f.env).map(([k, v]) => `${k}=${v}`))}`,
    ),
    "",
    readSecrets(t),
    "",
    hereDocFunction("connect_lines", "How to reach a container (filled in for it).", t.connect.join("\n")),
    "",
    hereDocFunction("container_unit", `The Quadlet unit ${units.container.file}, from homelab-gen's container generator.`, units.container.text),
    "",
    hereDocFunction("volume_unit", units.volume === undefined ? "No home volume." : `The Quadlet unit ${units.volume.file}, from homelab-gen's volume generator.`, units.volume?.text ?? ""),
    "",
    RUNTIME,
  ].join("\n");
}
