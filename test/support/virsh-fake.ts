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
 * Both record `argv` (after the program name) of every call, one JSON array per line.
 */
import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
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

// The fake itself, run by node as CommonJS. Settings come from the environment:
// FAKE_VIRSH_DIR (state and log), FAKE_VIRSH_MODE, FAKE_VIRSH_REAL (the real virsh, for the
// replay), FAKE_VIRSH_FAIL (a subcommand that fails), FAKE_VIRSH_DOWN (every call fails as if
// libvirtd were not running).
const SCRIPT = String.raw`#!/usr/bin/env node
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const dir = process.env.FAKE_VIRSH_DIR;
const argv = process.argv.slice(2);
fs.appendFileSync(path.join(dir, "calls.jsonl"), JSON.stringify(argv) + "\n");
const out = (s) => process.stdout.write(s);
const die = (msg) => { process.stderr.write("error: " + msg + "\n"); process.exit(1); };
if (argv[0] !== "-c" || argv.length < 3) die("the fake expects 'virsh -c URI COMMAND ...'");
const uri = argv[1];
const [cmd, ...args] = argv.slice(2);
if (process.env.FAKE_VIRSH_DOWN) die("failed to connect to the hypervisor\nerror: Failed to connect socket (fake)");
if (process.env.FAKE_VIRSH_FAIL === cmd) die("injected failure of " + cmd);
const QUERIES = new Set(${JSON.stringify([...QUERIES])});

if (process.env.FAKE_VIRSH_MODE === "libvirt-test") {
  const changesFile = path.join(dir, "changes.json");
  const done = JSON.parse(fs.readFileSync(changesFile, "utf8"));
  // virsh splits a command list like a shell: '...' is literal, a backslash outside quotes escapes.
  const word = (w) => "'" + w.split("'").join("'\\''") + "'";
  const line = (a) => a.map(word).join(" ");
  const script = [...done.map(line), line([cmd, ...args])].join("; ");
  const r = spawnSync(process.env.FAKE_VIRSH_REAL, ["-q", "-c", "test://" + path.join(dir, "empty-node.xml"), script], { encoding: "utf8" });
  if (r.error) die(String(r.error));
  out(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status === 0 && !QUERIES.has(cmd)) fs.writeFileSync(changesFile, JSON.stringify([...done, [cmd, ...args]]));
  process.exit(r.status ?? 1);
}

const stateFile = path.join(dir, "state.json");
const st = JSON.parse(fs.readFileSync(stateFile, "utf8"));
const save = () => fs.writeFileSync(stateFile, JSON.stringify(st, null, 2));
const nameIn = (file) => {
  let xml;
  try { xml = fs.readFileSync(file, "utf8"); } catch { die("Failed to open file '" + file + "': No such file or directory"); }
  const m = /<name>([^<]*)<\/name>/.exec(xml);
  if (!m) die("(fake) no <name> in " + file);
  return m[1];
};
const flag = (f) => args.includes(f);
const positional = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--pool");
const poolArg = () => { const i = args.indexOf("--pool"); if (i < 0) die("--pool missing"); return args[i + 1]; };
const listNames = (objs, pad) => {
  const names = Object.keys(objs).filter((n) => flag("--all") || (flag("--inactive") ? !objs[n].active : objs[n].active));
  out(names.map((n) => (pad ? n.padEnd(20) : n) + "\n").join("") + "\n");
};
const need = (objs, kind, n) => { if (!objs[n]) die("failed to get " + kind + " '" + n + "'\nerror: " + kind + " not found"); return objs[n]; };

switch (cmd) {
  case "uri": out(uri + "\n\n"); break;
  case "net-info": { const n = need(st.networks, "network", positional[0]); out("Name: " + positional[0] + "\nActive: " + (n.active ? "yes" : "no") + "\n\n"); break; }
  case "net-define": { const file = positional[0]; const n = nameIn(file); st.networks[n] = { active: st.networks[n]?.active ?? false, file }; save(); out("Network " + n + " defined from " + file + "\n\n"); break; }
  case "net-start": { const n = need(st.networks, "network", positional[0]); if (n.active) die("network is already active"); n.active = true; save(); out("Network " + positional[0] + " started\n\n"); break; }
  case "net-list": if (!flag("--name")) die("(fake) net-list needs --name"); listNames(st.networks, false); break;
  case "pool-info": { const p = need(st.pools, "pool", positional[0]); out("Name: " + positional[0] + "\nState: " + (p.active ? "running" : "inactive") + "\n\n"); break; }
  case "pool-define": { const file = positional[0]; const n = nameIn(file); st.pools[n] = { active: false, built: false, volumes: {}, ...st.pools[n], file }; save(); out("Pool " + n + " defined from " + file + "\n\n"); break; }
  case "pool-build": { const p = need(st.pools, "pool", positional[0]); p.built = true; save(); out("Pool " + positional[0] + " built\n\n"); break; }
  case "pool-start": { const p = need(st.pools, "pool", positional[0]); if (p.active) die("pool is already active"); if (!p.built) die("cannot open directory: No such file or directory"); p.active = true; save(); out("Pool " + positional[0] + " started\n\n"); break; }
  case "pool-list": if (!flag("--name")) die("(fake) pool-list needs --name"); listNames(st.pools, true); break;
  case "vol-info": { const p = need(st.pools, "pool", poolArg()); if (!p.active) die("storage pool '" + poolArg() + "' is not active"); need(p.volumes, "storage volume", positional[0]); out("Name: " + positional[0] + "\n\n"); break; }
  case "vol-create": { const p = need(st.pools, "pool", poolArg()); if (!p.active) die("storage pool '" + poolArg() + "' is not active"); const file = positional[0]; const n = nameIn(file); if (p.volumes[n]) die("storage volume name '" + n + "' already in use."); p.volumes[n] = { file }; save(); out("Vol " + n + " created from " + file + "\n\n"); break; }
  case "dominfo": { const d = need(st.domains, "domain", positional[0]); out("Name: " + positional[0] + "\nState: " + (d.active ? "running" : "shut off") + "\n\n"); break; }
  case "define": { const file = positional[0]; const n = nameIn(file); st.domains[n] = { active: st.domains[n]?.active ?? false, file }; save(); out("Domain '" + n + "' defined from " + file + "\n\n"); break; }
  case "start": { const d = need(st.domains, "domain", positional[0]); if (d.active) die("Domain is already active"); d.active = true; save(); out("Domain '" + positional[0] + "' started\n\n"); break; }
  case "list": if (!flag("--name")) die("(fake) list needs --name"); listNames(st.domains, false); break;
  default: die("unknown command: '" + cmd + "' (the fake refuses anything apply.sh must not do)");
}
`;

const EMPTY: FakeState = { networks: {}, pools: {}, domains: {} };

/**
 * Install a fake `virsh` in a fresh temp folder.
 *
 * @example
 * const virsh = fakeVirsh("model");
 * spawnSync("bash", ["apply.sh"], { env: virsh.env() });
 * virsh.calls(); // [["-c", "qemu:///system", "uri"], ...]
 */
export function fakeVirsh(mode: "model" | "libvirt-test", initial: FakeState = EMPTY): FakeVirsh {
  requireTool("node");
  const real = mode === "libvirt-test" ? realVirsh() : "";
  const dir = mkdtempSync(join(tmpdir(), "hlg-virsh-"));
  const bin = join(dir, "virsh");
  writeFileSync(bin, SCRIPT);
  chmodSync(bin, 0o755);
  writeFileSync(join(dir, "calls.jsonl"), "");
  writeFileSync(join(dir, "state.json"), JSON.stringify(initial));
  writeFileSync(join(dir, "changes.json"), "[]");
  writeFileSync(join(dir, "empty-node.xml"), "<node/>\n");
  return {
    binDir: dir,
    env: (extra = {}) => ({
      ...process.env,
      PATH: `${dir}${delimiter}${process.env.PATH ?? ""}`,
      FAKE_VIRSH_DIR: dir,
      FAKE_VIRSH_MODE: mode,
      FAKE_VIRSH_REAL: real,
      LC_ALL: "C",
      ...extra,
    }),
    calls: () =>
      readFileSync(join(dir, "calls.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]),
    clearCalls: () => writeFileSync(join(dir, "calls.jsonl"), ""),
    state: () => JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as FakeState,
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
        return !readFileSync(p, "latin1").startsWith("#!/usr/bin/env node");
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
