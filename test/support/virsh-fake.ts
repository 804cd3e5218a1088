/**
 * Stand-ins for `virsh` that record every call, to run generated `apply.sh` scripts without a
 * libvirt daemon. Two kinds, one recording format:
 *
 * - `"model"`: a small state machine of networks, pools, volumes and domains written here. It knows
 *   only the commands apply.sh may use; any other command (undefine, destroy, delete, ...) fails,
 *   and `failOn` makes a chosen command fail, to test error handling. Like virsh 9.0 it pads
 *   `pool-list --name` lines with blanks.
 * - `"libvirt-test"`: the real `virsh` (libvirt-clients) on libvirt's built-in test driver, started
 *   empty. The test driver keeps no state between processes, so each call replays every earlier
 *   successful change quietly (`virsh -q "change1; change2; ...; this command"`): real XML parsing,
 *   real output formats, real exit statuses.
 *
 * Both record `argv` (after the program name) of every call.
 */
import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { ROOT } from "./generated.js";
import { requireTool } from "./nix.js";

/** A libvirt object state for the `"model"` fake. */
export interface FakeState {
  networks: Record<string, { active: boolean; file?: string }>;
  pools: Record<string, { active: boolean; built: boolean; file?: string; volumes: Record<string, { file?: string }> }>;
  domains: Record<string, { active: boolean; file?: string }>;
}

export interface FakeVirsh {
  /** Put first on PATH. */
  readonly binDir: string;
  /** Environment for running a script against this fake (PATH and the fake's settings). */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Every call so far, oldest first: argv after `virsh`. */
  calls(): string[][];
  /** Forget the recorded calls (not the state). */
  clearCalls(): void;
  /** `"model"` only: the current state. */
  state(): FakeState;
}

/** Commands that only read; everything else changes something. */
export const QUERIES = new Set(["uri", "net-info", "net-list", "pool-info", "pool-list", "vol-info", "dominfo", "list"]);

/** The subcommand of a recorded call (after `-c URI`). */
export const subcommand = (argv: readonly string[]): string => (argv[0] === "-c" ? argv[2] : argv[0]) ?? "";

/** Recorded calls that change something. */
export const changes = (calls: readonly string[][]): string[][] => calls.filter((c) => !QUERIES.has(subcommand(c)));

// The fake itself, a bash script (a call costs a few milliseconds, not a Node.js start). Settings
// come from the environment: FAKE_VIRSH_DIR (state and log), FAKE_VIRSH_MODE, FAKE_VIRSH_REAL (the
// real virsh, for the replay), FAKE_VIRSH_FAIL (a subcommand that fails), FAKE_VIRSH_DOWN (every
// call fails as if libvirtd were not running).
// State of the "model" kind, under $FAKE_VIRSH_DIR/state: network/NAME/{active,file},
// pool/NAME/{active,built,file,volumes/VOLUME}, domain/NAME/{active,file} (a file `active` exists
// when the object runs; `file` holds the XML path it was defined from).
// Calls are logged as arguments each ended by \x1f, a call ended by \x1e.
const SCRIPT = String.raw`#!/usr/bin/env bash
set -u
dir="$FAKE_VIRSH_DIR"
{ printf '%s\x1f' "$@"; printf '\x1e'; } >>"$dir/calls"
die() { printf 'error: %s\n' "$1" >&2; exit 1; }
if [ "${"$"}{1:-}" != "-c" ] || [ $# -lt 3 ]; then die "the fake expects 'virsh -c URI COMMAND ...'"; fi
uri="$2"
cmd="$3"
shift 3
if [ -n "${"$"}{FAKE_VIRSH_DOWN:-}" ]; then die $'failed to connect to the hypervisor\nerror: Failed to connect socket (fake)'; fi
if [ "${"$"}{FAKE_VIRSH_FAIL:-}" = "$cmd" ]; then die "injected failure of $cmd"; fi
is_query() { case "$1" in ${[...QUERIES].join("|")}) return 0 ;; esac; return 1; }

if [ "${"$"}{FAKE_VIRSH_MODE:-}" = libvirt-test ]; then
  # virsh splits a command list like a shell: '...' is literal, a backslash outside quotes escapes.
  q() { local w="$1"; printf "'%s'" "${"$"}{w//\'/\'\\\'\'}"; }
  line="$(q "$cmd")"
  for a in "$@"; do line+=" $(q "$a")"; done
  script=""
  while IFS= read -r prev; do script+="$prev; "; done <"$dir/changes"
  status=0
  "$FAKE_VIRSH_REAL" -q -c "test://$dir/empty-node.xml" "$script$line" || status=$?
  if [ "$status" -eq 0 ] && ! is_query "$cmd"; then printf '%s\n' "$line" >>"$dir/changes"; fi
  exit "$status"
fi

st="$dir/state"
args=("$@")
pos=()
pool=""
i=0
while [ "$i" -lt "${"$"}{#args[@]}" ]; do
  a="${"$"}{args[$i]}"
  if [ "$a" = "--pool" ]; then pool="${"$"}{args[$((i + 1))]:-}"; i=$((i + 2)); continue; fi
  case "$a" in --*) ;; *) pos+=("$a") ;; esac
  i=$((i + 1))
done
arg1="${"$"}{pos[0]:-}"
flag() { local f; for f in "${"$"}{args[@]}"; do if [ "$f" = "$1" ]; then return 0; fi; done; return 1; }
name_in() {
  local line re='<name>([^<]*)</name>'
  if [ ! -f "$1" ]; then return 2; fi
  while IFS= read -r line; do
    if [[ $line =~ $re ]]; then printf '%s' "${"$"}{BASH_REMATCH[1]}"; return 0; fi
  done <"$1"
  return 3
}
defined_name() {
  local n status=0
  n="$(name_in "$1")" || status=$?
  case "$status" in
    0) printf '%s' "$n" ;;
    2) die "Failed to open file '$1': No such file or directory" ;;
    *) die "(fake) no <name> in $1" ;;
  esac
}
need() { if [ ! -d "$st/$1/$2" ]; then die "failed to get $1 '$2'"$'\n'"error: $1 not found"; fi; }
list_names() {
  local d n want
  flag --name || die "(fake) $cmd needs --name"
  for d in "$st/$1"/*/; do
    [ -d "$d" ] || continue
    d="${"$"}{d%/}"
    n="${"$"}{d##*/}"
    if flag --all; then want=1
    elif flag --inactive; then if [ -e "$d/active" ]; then want=0; else want=1; fi
    elif [ -e "$d/active" ]; then want=1
    else want=0
    fi
    if [ "$want" = 1 ]; then
      # virsh 9.0 pads pool-list --name; the others print bare names.
      if [ "$1" = pool ]; then printf '%-20s\n' "$n"; else printf '%s\n' "$n"; fi
    fi
  done
  printf '\n'
}
define() {
  local file="$2" n
  n="$(defined_name "$file")" || exit 1
  mkdir -p "$st/$1/$n"
  printf '%s' "$file" >"$st/$1/$n/file"
  printf '%s\n\n' "$3 $n defined from $file"
}
start() {
  need "$1" "$2"
  if [ -e "$st/$1/$2/active" ]; then die "$1 is already active"; fi
  if [ "$1" = pool ] && [ ! -e "$st/pool/$2/built" ]; then die "cannot open directory: No such file or directory"; fi
  : >"$st/$1/$2/active"
  printf '%s\n\n' "$3 $2 started"
}
running_pool() {
  need pool "$pool"
  if [ ! -e "$st/pool/$pool/active" ]; then die "storage pool '$pool' is not active"; fi
}

case "$cmd" in
  uri) printf '%s\n\n' "$uri" ;;
  net-info) need network "$arg1"; printf 'Name: %s\n\n' "$arg1" ;;
  net-define) define network "$arg1" Network ;;
  net-start) start network "$arg1" Network ;;
  net-list) list_names network ;;
  pool-info) need pool "$arg1"; printf 'Name: %s\n\n' "$arg1" ;;
  pool-define) define pool "$arg1" Pool; mkdir -p "$st/pool/$(defined_name "$arg1")/volumes" ;;
  pool-build) need pool "$arg1"; : >"$st/pool/$arg1/built"; printf 'Pool %s built\n\n' "$arg1" ;;
  pool-start) start pool "$arg1" Pool ;;
  pool-list) list_names pool ;;
  vol-info)
    running_pool
    if [ ! -e "$st/pool/$pool/volumes/$arg1" ]; then die "failed to get vol '$arg1'"; fi
    printf 'Name: %s\n\n' "$arg1" ;;
  vol-create)
    running_pool
    n="$(defined_name "$arg1")" || exit 1
    if [ -e "$st/pool/$pool/volumes/$n" ]; then die "storage volume name '$n' already in use."; fi
    printf '%s' "$arg1" >"$st/pool/$pool/volumes/$n"
    printf 'Vol %s created from %s\n\n' "$n" "$arg1" ;;
  dominfo) need domain "$arg1"; printf 'Name: %s\n\n' "$arg1" ;;
  define) define domain "$arg1" Domain ;;
  start) start domain "$arg1" Domain ;;
  list) list_names domain ;;
  *) die "unknown command: '$cmd' (the fake refuses anything apply.sh must not do)" ;;
esac
`;

const EMPTY: FakeState = { networks: {}, pools: {}, domains: {} };

function writeState(root: string, state: FakeState): void {
  const put = (path: string, contents: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  };
  for (const [kind, objects] of [["network", state.networks], ["domain", state.domains]] as const) {
    for (const [name, o] of Object.entries(objects)) {
      mkdirSync(join(root, kind, name), { recursive: true });
      if (o.active) put(`${kind}/${name}/active`, "");
      if (o.file !== undefined) put(`${kind}/${name}/file`, o.file);
    }
  }
  for (const [name, p] of Object.entries(state.pools)) {
    mkdirSync(join(root, "pool", name, "volumes"), { recursive: true });
    if (p.active) put(`pool/${name}/active`, "");
    if (p.built) put(`pool/${name}/built`, "");
    if (p.file !== undefined) put(`pool/${name}/file`, p.file);
    for (const [vol, v] of Object.entries(p.volumes)) put(`pool/${name}/volumes/${vol}`, v.file ?? "");
  }
}

function readState(root: string): FakeState {
  const names = (path: string) => (existsSync(join(root, path)) ? readdirSync(join(root, path)).sort() : []);
  const has = (path: string) => existsSync(join(root, path));
  const file = (path: string) => (has(path) ? { file: readFileSync(join(root, path), "utf8") } : {});
  const simple = (kind: string) =>
    Object.fromEntries(names(kind).map((n) => [n, { active: has(`${kind}/${n}/active`), ...file(`${kind}/${n}/file`) }]));
  return {
    networks: simple("network"),
    domains: simple("domain"),
    pools: Object.fromEntries(
      names("pool").map((n) => [
        n,
        {
          active: has(`pool/${n}/active`),
          built: has(`pool/${n}/built`),
          ...file(`pool/${n}/file`),
          volumes: Object.fromEntries(names(`pool/${n}/volumes`).map((v) => [v, { file: readFileSync(join(root, `pool/${n}/volumes/${v}`), "utf8") }])),
        },
      ]),
    ),
  };
}

/**
 * Install a fake `virsh` in a fresh temp folder.
 *
 * @example
 * const virsh = fakeVirsh("model");
 * spawnSync("bash", ["apply.sh"], { env: virsh.env() });
 * virsh.calls(); // [["-c", "qemu:///system", "uri"], ...]
 */
export function fakeVirsh(mode: "model" | "libvirt-test", initial: FakeState = EMPTY): FakeVirsh {
  const real = mode === "libvirt-test" ? realVirsh() : "";
  const dir = mkdtempSync(join(tmpdir(), "hlg-virsh-"));
  const bin = join(dir, "virsh");
  writeFileSync(bin, SCRIPT);
  chmodSync(bin, 0o755);
  writeFileSync(join(dir, "calls"), "");
  writeState(join(dir, "state"), initial);
  writeFileSync(join(dir, "changes"), "");
  writeFileSync(join(dir, "empty-node.xml"), "<node/>\n");
  // apply.sh assembles install media first: a fake `op` gives the secrets, the real xorriso builds
  // the ISOs into a temp folder (never /var/lib), group root.
  symlinkSync(join(ROOT, "test/fixtures/bin/op"), join(dir, "op"));
  return {
    binDir: dir,
    env: (extra = {}) => ({
      ...process.env,
      PATH: `${dir}${delimiter}${process.env.PATH ?? ""}`,
      FAKE_VIRSH_DIR: dir,
      FAKE_VIRSH_MODE: mode,
      FAKE_VIRSH_REAL: real,
      HOMELAB_GEN_SEEDS_DIR: join(dir, "seeds"),
      HOMELAB_GEN_QEMU_GROUP: "root",
      LC_ALL: "C",
      ...extra,
    }),
    calls: () =>
      readFileSync(join(dir, "calls"), "utf8")
        .split("\x1e")
        .slice(0, -1)
        .map((call) => call.split("\x1f").slice(0, -1)),
    clearCalls: () => writeFileSync(join(dir, "calls"), ""),
    state: () => readState(join(dir, "state")),
  };
}

/** The real virsh on PATH (before any fake is put first). */
function realVirsh(): string {
  requireTool("virsh");
  const found = (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((d) => join(d, "virsh"))
    .find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return !readFileSync(p, "latin1").includes("FAKE_VIRSH_DIR");
      } catch {
        return false;
      }
    });
  if (!found) throw new Error("the real virsh (libvirt-clients) is not on PATH");
  return found;
}

/** The absolute path of an executable on this process's PATH. */
function onPath(name: string): string {
  requireTool(name);
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  return dirs.map((d) => join(d, name)).find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  })!;
}

/** Run a script with bash (found on this process's PATH, so `env` may have any PATH); returns status and output. */
export function runBash(script: string, env: NodeJS.ProcessEnv, cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(onPath("bash"), [script], { env, cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `shellcheck` on files; `ok` needs exit 0 (any finding fails). */
export function shellcheck(files: readonly string[]): { ok: boolean; output: string } {
  requireTool("shellcheck");
  const r = spawnSync("shellcheck", ["--shell=bash", "--severity=style", ...files], { encoding: "utf8" });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}
