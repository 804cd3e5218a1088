/**
 * Test helpers around the real quadlet binary (Debian trixie's podman 5.4.2, unpacked by
 * `.ci/install-quadlet.sh`) and a model of how systemd reads the `ExecStart=` line quadlet
 * generates. A missing quadlet makes the calling test fail, never skip.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { join, resolve } from "node:path";
import { cacheDir } from "../../cli/cache-dir.js";

/** Where `.ci/install-quadlet.sh` unpacks podman by default (`$QUADLET_HOME`). */
export const DEFAULT_QUADLET_HOME = "/opt/homelab-gen/podman-trixie";

/** Where `npm test` fetches podman when it is nowhere else: a cache outside the work tree. */
export const quadletCache = (): string => join(cacheDir(), "podman-trixie");

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Path of the quadlet binary: `$QUADLET`, else `$QUADLET_HOME/usr/libexec/podman/quadlet`, else
 * the default install path, else the test cache. Throws (so tests fail) when none is executable.
 */
export function quadletBinary(): string {
  const fromEnv = process.env["QUADLET"];
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`quadlet binary not found: QUADLET=${fromEnv} is not an executable file. Run .ci/install-quadlet.sh, or set QUADLET to the binary.`);
  }
  const homes = [process.env["QUADLET_HOME"] || DEFAULT_QUADLET_HOME, quadletCache()];
  const path = homes.map((home) => `${home}/usr/libexec/podman/quadlet`).find(executable);
  if (path === undefined) throw new Error(`quadlet binary not found under ${homes.join(" or ")}. Run .ci/install-quadlet.sh (or set QUADLET=/path/to/quadlet).`);
  return path;
}

export interface QuadletResult {
  /** quadlet exited 0 (it exits 1 when any unit failed to convert). */
  readonly ok: boolean;
  readonly stdout: string;
  /** Log lines ("Loading source unit file ...") and conversion errors. */
  readonly stderr: string;
  /** Generated service file name (e.g. `web.service`, `data-volume.service`) -> unit text. */
  readonly services: Map<string, string>;
}

/** Splits quadlet's `-dryrun` output (`---name.service---` headers) into name -> unit text. */
export function parseDryRunOutput(stdout: string): Map<string, string> {
  const services = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (name === undefined) return;
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    services.set(name, lines.join("\n") + "\n");
  };
  for (const line of stdout.split("\n")) {
    const header = /^---(.+)---$/.exec(line);
    if (header) {
      flush();
      name = header[1];
      lines = [];
    } else if (name !== undefined) {
      lines.push(line);
    } else if (line.trim() !== "") {
      throw new Error(`unexpected quadlet dry-run output before the first service header: ${line}`);
    }
  }
  flush();
  return services;
}

/**
 * Runs `QUADLET_UNIT_DIRS=<unitsDir> quadlet -dryrun -no-kmsg-log [-user]` and parses the
 * generated services. `ok` is false when quadlet rejected any unit (unknown key, bad value);
 * the reason is in `stderr`.
 */
export function quadletDryRun(unitsDir: string, opts: { user?: boolean } = {}): QuadletResult {
  const bin = quadletBinary();
  const args = ["-dryrun", "-no-kmsg-log"];
  if (opts.user) args.push("-user");
  const r = spawnSync(bin, args, {
    env: { ...process.env, QUADLET_UNIT_DIRS: resolve(unitsDir) },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`failed to run ${bin}: ${r.error.message}`);
  const stdout = r.stdout ?? "";
  return {
    ok: r.status === 0,
    stdout,
    stderr: r.stderr ?? "",
    services: parseDryRunOutput(stdout),
  };
}

export interface ExecStartOptions {
  /** Unit name used for `%n`, `%N`, `%p`, `%i`, ... (default `unit.service`). */
  readonly unitName?: string;
  /** Extra or overriding specifier values, by letter. An unknown specifier throws. */
  readonly specifiers?: Readonly<Record<string, string>>;
  /** Environment for `$VAR` / `${VAR}` expansion at exec time (default: empty). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Apply exec-time variable expansion (default true). With false the words are returned as
   * after unit loading; that is what systemd uses as the executable path (first word).
   */
  readonly variables?: boolean;
}

const WHITESPACE = " \t\n\r";

function defaultSpecifiers(unitName: string): Record<string, string> {
  const dot = unitName.lastIndexOf(".");
  const base = dot > 0 ? unitName.slice(0, dot) : unitName;
  const at = base.indexOf("@");
  const prefix = at >= 0 ? base.slice(0, at) : base;
  const instance = at >= 0 ? base.slice(at + 1) : "";
  return {
    a: "x86-64",
    b: "0123456789abcdef0123456789abcdef",
    C: "/var/cache",
    E: "/etc",
    f: `/${instance || prefix}`,
    g: "root",
    G: "0",
    h: "/root",
    H: "host.example",
    i: instance,
    I: instance,
    j: prefix.split("-").at(-1) ?? prefix,
    J: prefix.split("-").at(-1) ?? prefix,
    l: "host",
    L: "/var/log",
    m: "fedcba9876543210fedcba9876543210",
    n: unitName,
    N: base,
    p: prefix,
    P: prefix,
    s: "/bin/sh",
    S: "/var/lib",
    t: "/run",
    T: "/tmp",
    u: "root",
    U: "0",
    v: "6.1.0",
    V: "/var/tmp",
  };
}

const OCT = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;

/**
 * systemd's cunescape_one(): decodes the escape after a backslash at `s[i]`.
 * Returns the bytes produced and the number of characters consumed, or throws.
 */
function cUnescapeOne(s: string, i: number): { bytes: number[]; used: number } {
  const c = s[i];
  const simple: Record<string, number> = {
    a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34, "'": 39, s: 32,
  };
  if (c !== undefined && c in simple) return { bytes: [simple[c]!], used: 1 };
  const hexRun = (n: number): number | undefined => {
    const h = s.slice(i + 1, i + 1 + n);
    if (h.length !== n || ![...h].every((d) => HEX.test(d))) return undefined;
    return parseInt(h, 16);
  };
  if (c === "x") {
    const v = hexRun(2);
    if (v === undefined || v === 0) throw new Error(`invalid \\x escape at ${i} in ${JSON.stringify(s)}`);
    return { bytes: [v], used: 3 }; // a raw byte, not a code point
  }
  if (c === "u" || c === "U") {
    const n = c === "u" ? 4 : 8;
    const v = hexRun(n);
    if (v === undefined || v === 0 || v > 0x10ffff) {
      throw new Error(`invalid \\${c} escape at ${i} in ${JSON.stringify(s)}`);
    }
    return { bytes: [...Buffer.from(String.fromCodePoint(v), "utf8")], used: n + 1 };
  }
  if (c !== undefined && OCT.test(c)) {
    const o = s.slice(i, i + 3);
    if (o.length !== 3 || ![...o].every((d) => OCT.test(d))) {
      throw new Error(`invalid octal escape at ${i} in ${JSON.stringify(s)}`);
    }
    const v = parseInt(o, 8);
    if (v === 0 || v > 255) throw new Error(`invalid octal escape at ${i} in ${JSON.stringify(s)}`);
    return { bytes: [v], used: 3 };
  }
  throw new Error(`unknown escape sequence \\${c ?? ""} in ${JSON.stringify(s)} (systemd rejects it)`);
}

/**
 * systemd's extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE) over the whole command line,
 * including config_parse_exec()'s special cases: an unquoted `;` word separates commands
 * (throws here: one command expected) and an unquoted `\;` word is a literal `;`.
 * Returns the words as UTF-8 decoded strings (invalid bytes become U+FFFD).
 */
function splitExecLine(line: string): string[] {
  const out: string[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && WHITESPACE.includes(line[i]!)) i++;
    if (i >= n) break;
    const isEnd = (j: number): boolean => j >= n || WHITESPACE.includes(line[j]!);
    if (line[i] === ";" && isEnd(i + 1)) {
      throw new Error(`ExecStart= contains an unquoted ";" (a second command): ${line}`);
    }
    if (line[i] === "\\" && line[i + 1] === ";" && isEnd(i + 2)) {
      out.push(";");
      i += 2;
      continue;
    }
    const bytes: number[] = [];
    let quote: string | undefined;
    for (;;) {
      if (i >= n) {
        if (quote !== undefined) throw new Error(`unbalanced quoting in ExecStart=: ${line}`);
        break;
      }
      const ch = String.fromCodePoint(line.codePointAt(i)!); // whole code point
      if (ch === "\\") {
        if (i + 1 >= n) throw new Error(`ExecStart= ends with an unbalanced backslash: ${line}`);
        const { bytes: b, used } = cUnescapeOne(line, i + 1);
        bytes.push(...b);
        i += 1 + used;
        continue;
      }
      if (quote !== undefined) {
        if (ch === quote) quote = undefined;
        else bytes.push(...Buffer.from(ch, "utf8"));
        i += ch.length;
        continue;
      }
      if (ch === '"' || ch === "'") {
        quote = ch;
        i++;
        continue;
      }
      if (WHITESPACE.includes(ch)) break;
      bytes.push(...Buffer.from(ch, "utf8"));
      i += ch.length;
    }
    out.push(decoder.decode(Uint8Array.from(bytes)));
  }
  return out;
}

/** systemd's specifier_printf(): `%%` -> `%`, `%X` -> value, unknown or dangling `%` throws. */
function expandSpecifiers(word: string, table: Readonly<Record<string, string>>): string {
  let out = "";
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (ch !== "%") {
      out += ch;
      continue;
    }
    const next = word[i + 1];
    if (next === undefined) throw new Error(`dangling % at the end of ExecStart= word ${JSON.stringify(word)}`);
    i++;
    if (next === "%") {
      out += "%";
      continue;
    }
    const v = table[next];
    if (v === undefined) {
      throw new Error(`unknown specifier %${next} in ExecStart= word ${JSON.stringify(word)} (systemd: Invalid slot)`);
    }
    out += v;
  }
  return out;
}

/** systemd's replace_env() without REPLACE_ENV_ALLOW_BRACELESS: `$$`, `${NAME}`; other `$` literal. */
function replaceEnv(word: string, env: Readonly<Record<string, string>>): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const ch = word[i]!;
    if (ch !== "$") {
      out += ch;
      i++;
      continue;
    }
    const next = word[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const close = word.indexOf("}", i + 2);
      if (close < 0) {
        out += word.slice(i); // unterminated: kept literally
        break;
      }
      out += env[word.slice(i + 2, close)] ?? "";
      i = close + 1;
    } else {
      out += "$";
      i++;
    }
  }
  return out;
}

/**
 * Parses the `ExecStart=` line of a generated service (e.g. from {@link quadletDryRun}) into the
 * argv systemd would execute: systemd's unquoting and C unescaping (`\xNN` / octal are raw bytes),
 * then `%` specifiers per word (`%%` -> `%`; unknown specifiers throw), then exec-time variable
 * expansion (`$$` -> `$`, `${NAME}` -> value or empty, a whole-word `$NAME` -> the value split on
 * whitespace). Prefix characters (`-@:+!|`) on the first word are removed (not interpreted).
 * Throws unless the `[Service]` section has exactly one non-empty `ExecStart=` in effect, or
 * when the line contains a second command (`;`).
 */
export function execStartWords(serviceText: string, opts: ExecStartOptions = {}): string[] {
  // Join continuation lines as systemd does (backslash-newline becomes a space).
  const physical = serviceText.split("\n");
  const logical: string[] = [];
  let pending: string | undefined;
  for (const raw of physical) {
    const line = raw.replace(/^[ \t\r]+|[ \t\r]+$/g, "");
    if (pending === undefined && (line.startsWith("#") || line.startsWith(";"))) {
      logical.push(line);
      continue;
    }
    const joined = pending === undefined ? line : `${pending} ${line}`;
    if (joined.endsWith("\\")) {
      pending = joined.slice(0, -1);
    } else {
      logical.push(joined);
      pending = undefined;
    }
  }
  if (pending !== undefined) logical.push(pending);

  let section = "";
  let execs: string[] = [];
  for (const line of logical) {
    const header = /^\[(.+)\]$/s.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    if (section !== "Service") continue;
    const m = /^ExecStart[ \t]*=[ \t]*(.*)$/s.exec(line);
    if (!m) continue;
    if (m[1] === "") execs = [];
    else execs.push(m[1]!);
  }
  if (execs.length !== 1) {
    throw new Error(`expected exactly one ExecStart= in [Service], found ${execs.length}`);
  }
  const unitName = opts.unitName ?? "unit.service";
  const table = { ...defaultSpecifiers(unitName), ...(opts.specifiers ?? {}) };
  const env = opts.env ?? {};

  const raw = splitExecLine(execs[0]!);
  if (raw.length === 0) throw new Error("ExecStart= has no command");
  raw[0] = raw[0]!.replace(/^[-@:+!|]+/, "");
  const argv: string[] = [];
  const expanded = raw.map((w) => expandSpecifiers(w, table));
  if (opts.variables === false) return expanded;
  for (const word of expanded) {
    if (word.startsWith("$") && word[1] !== "{" && word[1] !== "$") {
      const value = env[word.slice(1)];
      if (value !== undefined) argv.push(...value.split(/[ \t\n\r]+/).filter((w) => w !== ""));
      continue;
    }
    argv.push(replaceEnv(word, env));
  }
  return argv;
}
