import type { Model } from "../../model/model.js";
import { podmanOn } from "../../model/podman.js";
import { atLeast } from "../../model/podman-version.js";
import { headerLines } from "../header.js";
import type { Placement } from "../placement.js";
import { archivePlaceholder } from "../quadlet/archive.js";
import type { QuadletUnit } from "../quadlet/units.js";
import { shellQuote, shellWords } from "../../syntax/shell/quote.js";
import { templateArchive } from "../control-command/nixos.js";
import { commandName, stateDir } from "../control-command/paths.js";
import { templateUnits } from "../control-command/units.js";
import type { SystemdUnit } from "../systemd/units.js";
import { installedScript, labScripts } from "../scripts.js";

/** Quadlet reads `/etc/containers/systemd/users/<uid>/` from podman 4.6; before, only the user's home. */
const USERS_DIR_SINCE = "4.6";

/** The helpers every install.sh shares; the per-host part below calls them. */
const FUNCTIONS = `here=$(cd "$(dirname "$0")" && pwd)
images=\${HOMELAB_GEN_IMAGES:-$here/images}
root=\${DESTDIR:-}
archives=/var/lib/homelab-gen/$lab/images
scripts=/var/lib/homelab-gen/$lab/scripts
changed=()
# Each rootless user's Quadlet directory, resolved once (a failing lookup stops the script).
declare -A quadlet_dirs=()

# With DESTDIR the files are staged for another system: no systemctl or loginctl touches this one.
live() { [[ -z $root ]]; }

# systemctl for a manager: "system", or a user name for that user's manager.
sctl() {
  local manager=$1
  shift
  if [[ $manager == system ]]; then systemctl "$@"; else systemctl --user -M "$manager@" "$@"; fi
}

# Whether "manager name" was marked changed in this run.
was_changed() {
  local entry
  for entry in \${changed[@]+"\${changed[@]}"}; do [[ $entry == "$1" ]] && return 0; done
  return 1
}

# write DEST TEXT OWNER [MODE]: writes TEXT (plus a newline) to DEST unless it already holds exactly that.
write() {
  local dest=$1 text=$2 owner=$3 mode=\${4:-0644} tmp
  if [[ -f $dest && "$(cat "$dest"; echo x)" == "$text"$'\\n'x ]]; then return 1; fi
  tmp=$(mktemp)
  printf '%s\n' "$text" >"$tmp"
  if [[ -n $owner ]]; then
    install -D -m "$mode" -o "$owner" -g "$(id -g "$owner")" "$tmp" "$dest"
  else
    install -D -m "$mode" "$tmp" "$dest"
  fi
  rm -f "$tmp"
  echo "install.sh: wrote $dest"
}

# archive IMAGE: copies the Nix-built docker-archive of IMAGE to where units load it from.
archive() {
  local src=$images/$1.tar.gz dest=$root$archives/$1.tar.gz
  if [[ ! -f $src ]]; then
    echo "install.sh: $src is missing: build the image first (homelab-gen build --in-container) or set HOMELAB_GEN_IMAGES" >&2
    exit 1
  fi
  if [[ -f $dest ]] && cmp -s "$src" "$dest"; then return 0; fi
  install -D -m 0644 "$src" "$dest"
  echo "install.sh: wrote $dest"
  changed+=("archive $1")
}

# script NAME: copies scripts/NAME.sh, which units run with /bin/sh, to where they name it.
script() {
  local src=$here/scripts/$1.sh dest=$root$scripts/$1.sh
  if [[ -f $dest ]] && cmp -s "$src" "$dest"; then return 0; fi
  install -D -m 0755 "$src" "$dest"
  echo "install.sh: wrote $dest"
}

# unit MANAGER DIR SOURCE OWNER [IMAGE PLACEHOLDER]: installs SOURCE into DIR for MANAGER, with
# the installed archive of IMAGE in place of PLACEHOLDER (and restarted when the archive changed).
unit() {
  local manager=$1 dir=$2 source=$3 owner=$4 text
  text=$(cat "$here/$source")
  if [[ $# -eq 6 ]]; then
    text=\${text//"$6"/"$archives/$5.tar.gz"}
    if was_changed "archive $5"; then changed+=("$manager \${source##*/}"); fi
  fi
  if write "$dir/\${source##*/}" "$text" "$owner"; then changed+=("$manager \${source##*/}"); fi
}

# user_dir USER: creates USER's Quadlet directory in their home (podman before 4.6), owned by them.
user_dir() {
  local home sub
  home=$(getent passwd "$1" | cut -d: -f6)
  home=$root$home
  for sub in .config .config/containers .config/containers/systemd; do
    [[ -d $home/$sub ]] || install -d -m 0755 -o "$1" -g "$(id -g "$1")" "$home/$sub"
  done
  echo "$home/.config/containers/systemd"
}

# linger USER: starts USER's systemd manager at boot, so their units run without a login
# (staged: the flag file \`loginctl enable-linger\` would create).
linger() {
  local flag=$root/var/lib/systemd/linger/$1
  [[ -e $flag ]] && return 0
  if live; then loginctl enable-linger "$1"; else install -D -m 0644 /dev/null "$flag"; fi
}

# reload MANAGER: daemon-reload when any of its units changed (Quadlet regenerates services then).
reload() {
  local entry
  live || return 0
  for entry in \${changed[@]+"\${changed[@]}"}; do
    if [[ $entry == "$1 "* ]]; then sctl "$1" daemon-reload; return 0; fi
  done
}

# restart MANAGER FILE SERVICE: restarts SERVICE when FILE changed.
restart() {
  if live && was_changed "$1 $2"; then sctl "$1" restart "$3"; fi
}

# program SOURCE [IMAGE PLACEHOLDER]: installs a container template's control command into
# /usr/local/bin, with the installed archive of IMAGE in place of PLACEHOLDER.
program() {
  local text
  text=$(cat "$here/$1")
  if [[ $# -eq 3 ]]; then text=\${text//"$3"/"$archives/$2.tar.gz"}; fi
  write "$root/usr/local/bin/\${1##*/}" "$text" "" 0755 || :
}

# group NAME: creates the system group NAME unless it exists (staged: left to the target system).
group() {
  if ! live; then echo "install.sh: DESTDIR: create the system group $1 on the target system"; return 0; fi
  getent group "$1" >/dev/null || groupadd --system "$1"
}

# member GROUP USER: adds USER to GROUP (effective at their next login; staged: left to the target).
member() {
  local members
  if ! live; then echo "install.sh: DESTDIR: add $2 to the group $1 on the target system"; return 0; fi
  members=$(getent group "$1" | cut -d: -f4)
  [[ ,$members, == *,"$2",* ]] || usermod -a -G "$1" "$2"
}

# state_dir DIR GROUP: a control command's shared state: root:GROUP, setgid and sticky (3770), so
# members add files and remove only their own.
state_dir() {
  [[ $(stat -c %a "$root$1" 2>/dev/null) == 3770 ]] && return 0
  # Staged, the group may exist only on the target system: its owner is set there.
  if live; then install -d -m 3770 -o root -g "$2" "$root$1"; else install -d -m 3770 "$root$1"; fi
}

# timer MANAGER TIMER: enables and starts TIMER (user timers: for every user, started for MANAGER).
# Staged: the link \`systemctl enable\` makes for the timer's WantedBy=timers.target.
timer() {
  local dir=/etc/systemd/system
  if ! live; then
    [[ $1 == system ]] || dir=/etc/systemd/user
    [[ -L $root$dir/timers.target.wants/$2 ]] || { install -d "$root$dir/timers.target.wants" && ln -s "$dir/$2" "$root$dir/timers.target.wants/$2"; }
    return 0
  fi
  if [[ $1 == system ]]; then
    systemctl is-enabled --quiet "$2" || systemctl enable --now "$2"
  else
    systemctl --global is-enabled --quiet "$2" || systemctl --global enable "$2"
    sctl "$1" is-active --quiet "$2" || sctl "$1" start "$2"
  fi
}`;

const manager = (p: Placement): string => p.user ?? "system";

/** Where a rootless user's Quadlet files go on a host targeting `version` (an assignment, so errexit applies). */
const userDirAssignment = (user: string, version: string): string =>
  `quadlet_dirs[${shellQuote(user)}]=` +
  (atLeast(version, USERS_DIR_SINCE) ? `"$root/etc/containers/systemd/users/$(id -u ${shellQuote(user)})"` : `$(user_dir ${shellQuote(user)})`);

/** The directory a manager's Quadlet files go to. */
const quadletDir = (p: Placement): string =>
  p.user === undefined ? `"$root/etc/containers/systemd"` : `"\${quadlet_dirs[${shellQuote(p.user)}]}"`;

/** The lines installing one host's units, in dependency order: archives, files, reloads, restarts, timers. */
function hostLines(model: Model, host: string | undefined, quadlet: readonly QuadletUnit[], systemd: readonly SystemdUnit[]): string[] {
  const version = podmanOn(model.hosts, host).version;
  const here = (p: Placement) => p.host === host;
  const placed = quadlet.flatMap((u) => u.placements.filter(here).map((p) => ({ u, p })));
  const jobs = systemd.filter((u) => here(u.placement));
  const managers = [...new Set([...placed.map(({ p }) => manager(p)), ...jobs.map((j) => manager(j.placement))])].sort((a, b) =>
    a === "system" ? -1 : b === "system" ? 1 : a < b ? -1 : 1,
  );
  const lines: string[] = [];
  const templates = model.containerTemplates.filter((t) => t.host === host);
  const archives = [...placed.flatMap(({ u }) => (u.archive === undefined ? [] : [u.archive])), ...templates.flatMap((t) => templateArchive(model, t, true) ?? [])];
  for (const image of [...new Set(archives)].sort()) lines.push(`archive ${shellQuote(image)}`);
  // Scripts the units name, and the ones a template's command writes.
  const texts = [...placed.map(({ u }) => u.text), ...jobs.map((j) => j.text), ...templates.map((t) => templateUnits(model, t, true).container.text)];
  for (const { name } of labScripts(model, true)) if (texts.some((t) => t.includes(installedScript(model, name)))) lines.push(`script ${shellQuote(name)}`);
  const lingering = [...new Set([...managers.filter((m) => m !== "system"), ...templates.flatMap((t) => t.users)])].sort();
  for (const m of lingering) lines.push(`linger ${shellQuote(m)}`);
  for (const t of templates) {
    const archive = templateArchive(model, t, true);
    lines.push(`group ${shellQuote(t.group)}`);
    for (const u of t.users) lines.push(`member ${shellQuote(t.group)} ${shellQuote(u)}`);
    lines.push(`state_dir ${shellQuote(stateDir(model, t))} ${shellQuote(t.group)}`);
    lines.push(`program ${shellWords([`bin/${commandName(t)}`, ...(archive === undefined ? [] : [archive, archivePlaceholder(archive)])])}`);
  }
  const rootless = [...new Set(placed.flatMap(({ p }) => (p.user === undefined ? [] : [p.user])))].sort();
  for (const user of rootless) lines.push(userDirAssignment(user, version));
  for (const { u, p } of placed) {
    const owner = p.user !== undefined && !atLeast(version, USERS_DIR_SINCE) ? shellQuote(p.user) : "''";
    const args = [shellQuote(manager(p)), quadletDir(p), shellQuote(`quadlet/${u.file}`), owner, ...(u.archive === undefined ? [] : [shellQuote(u.archive), shellQuote(archivePlaceholder(u.archive))])];
    lines.push(`unit ${args.join(" ")}`);
  }
  for (const j of jobs) {
    const dir = j.placement.user === undefined ? `"$root/etc/systemd/system"` : `"$root/etc/systemd/user"`;
    lines.push(`unit ${shellQuote(manager(j.placement))} ${dir} ${shellQuote(`systemd/${j.file}`)} ''`);
  }
  for (const m of managers) lines.push(`reload ${shellQuote(m)}`);
  // Images load before the containers that use them are restarted.
  const restarts = [...placed].sort((a, b) => Number(b.u.file.endsWith(".image")) - Number(a.u.file.endsWith(".image")));
  for (const { u, p } of restarts) {
    if (u.file.endsWith(".image") || u.file.endsWith(".container")) lines.push(`restart ${shellQuote(manager(p))} ${shellQuote(u.file)} ${shellQuote(u.service)}`);
  }
  for (const j of jobs.filter((j) => j.timer)) lines.push(`timer ${shellQuote(manager(j.placement))} ${shellQuote(j.file)}`);
  return lines;
}

/**
 * `install.sh` (portable target): installs the lab's Quadlet units and timers on any systemd
 * machine with podman, for one host. Idempotent: a file is written only when its content differs,
 * and only what changed is reloaded and restarted. `set -Eeuo pipefail` and an ERR trap stop at
 * the first failing command and name it.
 */
export function installScript(model: Model, quadlet: readonly QuadletUnit[], systemd: readonly SystemdUnit[]): string {
  const hosts = model.hosts.length === 0 ? [undefined] : model.hosts.map((h) => h.name);
  const hostNames = model.hosts.map((h) => h.name);
  const usage = hostNames.length > 1 ? `Usage: install.sh HOST   (HOST: ${hostNames.join(", ")})` : "Usage: install.sh";
  const dispatch =
    hostNames.length === 0
      ? ["install_lab"]
      : [
          `host=\${1:-${hostNames.length === 1 ? shellQuote(hostNames[0]!) : ""}}`,
          `case $host in`,
          ...hostNames.map((h) => `  ${shellQuote(h)}) install_${h.replace(/[^A-Za-z0-9_]/g, "_")} ;;`),
          `  *) echo ${shellQuote(usage)} >&2; exit 2 ;;`,
          `esac`,
        ];
  const functions = hosts.flatMap((h) => {
    const body = hostLines(model, h, quadlet, systemd);
    return [`install_${h === undefined ? "lab" : h.replace(/[^A-Za-z0-9_]/g, "_")}() {`, ...(body.length > 0 ? body : [":"]).map((l) => `  ${l}`), `}`, ""];
  });
  const minimum = [...new Set(hosts.map((h) => podmanOn(model.hosts, h).version))].sort().join(", ");
  return [
    "#!/usr/bin/env bash",
    ...headerLines(model, { portable: true }).map((l) => `# ${l}`),
    "#",
    `# Installs the Quadlet units and timers of lab ${model.lab.name} on a systemd machine with podman ${minimum} or later:`,
    "# each file goes where its systemd manager reads it (/etc/containers/systemd for rootful units,",
    "# the user's directory for rootless ones), changed managers are reloaded, changed containers",
    "# restarted, timers enabled, container templates' commands put in /usr/local/bin. Running it",
    "# again changes nothing.",
    `# ${usage}   (as root; DESTDIR=dir stages the files below dir for another system and leaves this one's systemd alone)`,
    "# Nix-built images are read as <image>.tar.gz from $HOMELAB_GEN_IMAGES (default: images/ next to this script).",
    "set -Eeuo pipefail",
    "shopt -s inherit_errexit",
    `trap 'echo "install.sh: line $LINENO: command failed (exit $?): $BASH_COMMAND" >&2' ERR`,
    "",
    `lab=${shellQuote(model.lab.name)}`,
    FUNCTIONS,
    "",
    ...functions,
    ...dispatch,
    "",
  ].join("\n");
}
