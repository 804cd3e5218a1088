/**
 * Helpers for running the real `nix-instantiate` in tests (as root, no daemon, offline).
 * A missing binary makes the test fail, never skip.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { found } from "./tools.js";

/** Throws a clear error unless `name` is an executable on PATH. Example: `requireTool("nix-instantiate")`. */
export function requireTool(name: string): void {
  if (!found(name)) throw new Error(`Required tool "${name}" is not on PATH. Install it (see test/support/tools.ts); tests never skip a missing validator.`);
}

let env: NodeJS.ProcessEnv | undefined;

/**
 * Environment for nix commands, created once per process: a private config dir (no build users,
 * no substituters, flakes enabled) and a private store, so evaluation works as root, offline,
 * without a daemon and without touching /nix. Example: `spawnSync("nix-instantiate", args, { env: nixEnv() })`.
 */
export function nixEnv(): NodeJS.ProcessEnv {
  if (env) return env;
  const dir = mkdtempSync(join(tmpdir(), "homelab-gen-nix-"));
  const conf = join(dir, "conf");
  mkdirSync(conf);
  writeFileSync(
    join(conf, "nix.conf"),
    "experimental-features = nix-command flakes\nbuild-users-group =\nsubstituters =\n",
  );
  mkdirSync(join(dir, "cache"));
  env = {
    ...process.env,
    NIX_CONF_DIR: conf,
    NIX_REMOTE: `local?root=${join(dir, "store")}`,
    NIX_STATE_DIR: join(dir, "store", "nix", "var", "nix"),
    NIX_LOG_DIR: join(dir, "store", "nix", "var", "log", "nix"),
    XDG_CACHE_HOME: join(dir, "cache"),
    NIX_PATH: "",
  };
  process.once("exit", () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort: a leftover temp dir is harmless
    }
  });
  return env;
}

function run(args: string[], opts: { cwd?: string; input?: string }): string {
  requireTool("nix-instantiate");
  const r = spawnSync("nix-instantiate", args, {
    env: nixEnv(),
    cwd: opts.cwd,
    input: opts.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(
      `nix-instantiate ${args.join(" ")} failed (exit ${String(r.status ?? r.signal)}):\n${r.stderr}`,
    );
  }
  return r.stdout;
}

/**
 * `nix-instantiate --parse FILE`: returns Nix's normalized rendering of the parsed tree; throws
 * with stderr on a syntax error (or an undefined variable: the parser checks scopes).
 * Example: `nixParse("/tmp/out/flake.nix")`.
 */
export function nixParse(filePath: string): string {
  return run(["--parse", filePath], {});
}

/**
 * `nix-instantiate --eval --strict --json -E EXPR`, parsed. The expression is passed on stdin
 * (same meaning as -E: relative paths resolve against `cwd`) so large batches do not hit the
 * argv size limit. Example: `nixEvalJson('{ a = 1; }')` returns `{ a: 1 }`.
 */
export function nixEvalJson(expr: string, opts: { cwd?: string } = {}): unknown {
  const out = run(["--eval", "--strict", "--json", "-"], { cwd: opts.cwd, input: expr });
  return JSON.parse(out) as unknown;
}
