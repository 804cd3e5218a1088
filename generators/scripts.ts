/**
 * Shell scripts that units run, each in a file of its own (`scripts/<name>.sh`) so a reviewer reads
 * it as written instead of escaped onto one `ExecStart=` line: a job's `script`, and the step that
 * reads a command secret before a container starts.
 *
 * Units run them as `/bin/sh <path>`. The path differs per target: on NixOS a store script that the
 * module writes from the file (`pkgs.writeScript`), so committed units hold a placeholder it
 * replaces, as for image archives; on the portable target the file install.sh copies to
 * `/var/lib/homelab-gen/<lab>/scripts/<name>.sh`.
 */
import type { Model } from "../model/model.js";
import { headerLines } from "./header.js";

/** The script that appends one command secret to the container's runtime env file. */
export const SECRET_SCRIPT = "append-secret";

// A secret command's output becomes one `NAME=value` line. The name and the command come in as
// arguments, never spliced into the script; podman's env-file format cannot carry a line break.
const APPEND_SECRET = `# Usage: append-secret.sh NAME COMMAND [ARG...]
# Runs COMMAND and appends NAME=<its output> to $RUNTIME_DIRECTORY/secrets.env (mode 0600), the
# file podman reads with --env-file. A secret of several lines cannot go into that file: refused.
set -eu
name=$1
shift
value=$("$@")
nl='
'
case $value in
  *"$nl"*)
    echo "secret $name: the command printed several lines; podman env files take one" >&2
    exit 1
    ;;
esac
umask 077
printf '%s=%s\\n' "$name" "$value" >>"$RUNTIME_DIRECTORY/secrets.env"
`;

/** The script NixOS's user activation runs to restart changed rootless Quadlet services. */
export const FOLLOW_SWITCH_SCRIPT = "follow-switch";

// See generators/nixos/follow-switch.ts for why and when it runs.
const FOLLOW_SWITCH = `# Usage: follow-switch.sh USER LAB [+]SERVICE=STAMP...
# Run by NixOS's user activation (nixos-activation.service) in every user's systemd manager, after
# switch-to-configuration re-executed that manager, so Quadlet has regenerated its services.
# switch-to-configuration compares and restarts system units only, never a user's: this does it
# for USER's rootless Quadlet services. STAMP is a hash of what the service runs (its unit, for a
# container also the image unit it loads). A changed stamp restarts the service if it runs; a new
# +SERVICE (one a target wants) is started; a service no longer listed is stopped. Stamps are kept
# in $XDG_STATE_HOME/homelab-gen/LAB (default ~/.local/state/homelab-gen/LAB).
set -eu
[ "$(id -un)" = "$1" ] || exit 0
state=\${XDG_STATE_HOME:-$HOME/.local/state}/homelab-gen/$2
shift 2
mkdir -p "$state"
listed=" "
for entry in "$@"; do
  service=\${entry%%=*}
  stamp=\${entry#*=}
  wanted=false
  case $service in +*) wanted=true service=\${service#+} ;; esac
  listed="$listed$service "
  if [ -f "$state/$service" ]; then
    [ "$(cat "$state/$service")" = "$stamp" ] && continue
    systemctl --user try-restart --no-block "$service"
  elif $wanted; then
    systemctl --user start --no-block "$service"
  fi
  printf '%s\\n' "$stamp" >"$state/$service"
done
for file in "$state"/*; do
  [ -f "$file" ] || continue
  service=\${file##*/}
  case $listed in *" $service "*) continue ;; esac
  systemctl --user stop --no-block "$service"
  rm -f "$file"
done
`;

/** A script file: `scripts/<name>.sh`. */
export interface GeneratedScript {
  readonly name: string;
  readonly text: string;
}

/**
 * What committed NixOS units hold where the script's store path goes.
 *
 * @example
 * scriptPlaceholder("append-secret"); // "@HOMELAB_GEN_SCRIPT_append-secret@"
 */
export const scriptPlaceholder = (name: string): string => `@HOMELAB_GEN_SCRIPT_${name}@`;

/** Where the portable target installs a script. */
export const installedScript = (model: Model, name: string): string => `/var/lib/homelab-gen/${model.lab.name}/scripts/${name}.sh`;

/** The path a unit names for a script on the target. */
export const scriptPath = (model: Model, name: string, portable: boolean): string =>
  portable ? installedScript(model, name) : scriptPlaceholder(name);

/** Every script of the lab, by name: each job's script, and the secret step when a container reads command secrets. */
export function labScripts(model: Model, portable: boolean): GeneratedScript[] {
  const file = (name: string, body: string): GeneratedScript => ({
    name,
    text: ["#!/bin/sh", ...headerLines(model, { portable }).map((l) => `# ${l}`), body.endsWith("\n") ? body : `${body}\n`].join("\n"),
  });
  const scripts = model.jobs.flatMap((job) => (job.script === undefined ? [] : [file(job.name, job.script)]));
  const containers = [...model.containers, ...model.containerTemplates.map((t) => t.container)];
  if (containers.some((c) => c.secrets.some((s) => s.kind === "command"))) scripts.push(file(SECRET_SCRIPT, APPEND_SECRET));
  if (!portable && model.containers.some((c) => c.user !== undefined)) scripts.push(file(FOLLOW_SWITCH_SCRIPT, FOLLOW_SWITCH));
  return scripts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
