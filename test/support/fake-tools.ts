/**
 * Runs the built CLI with a PATH holding only chosen fake tools (test/fixtures/bin) and, when asked,
 * chosen real ones, so a test controls exactly which tools exist. The fakes record each call in a log.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI } from "./cli.js";
import { ROOT } from "./generated.js";

export const FAKES = join(ROOT, "test/fixtures/bin");

/** A fake-tool world: a bin folder for PATH and the log the fakes write their calls to. */
export interface Fakes {
  readonly bin: string;
  readonly log: string;
  /** The environment for the CLI: only this PATH, the log, no colours, plus `extra`. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Every call the fakes recorded, as argv arrays (program first), in order. */
  calls(): string[][];
}

/**
 * A bin folder with links to the named fakes and to the named real programs (e.g. `git`), found in
 * /usr/bin or /bin. Example: `fakes(["nix", "virsh"], ["git"])`.
 */
export function fakes(tools: readonly string[], real: readonly string[] = []): Fakes {
  const dir = mkdtempSync(join(tmpdir(), "hlg-fakes-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const tool of tools) symlinkSync(join(FAKES, tool), join(bin, tool));
  for (const tool of real) {
    const path = ["/usr/bin", "/bin"].map((d) => join(d, tool)).find((p) => existsSync(p));
    if (!path) throw new Error(`${tool} is not installed; tests need it (see docs/HACKING.md)`);
    symlinkSync(path, join(bin, tool));
  }
  const log = join(dir, "calls.log");
  return {
    bin,
    log,
    env: (extra = {}) => ({ PATH: bin, HOME: dir, TMPDIR: tmpdir(), FAKE_LOG: log, NO_COLOR: "1", ...extra }),
    calls: () =>
      existsSync(log)
        ? readFileSync(log, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => line.split("\t"))
        : [],
  };
}

/** What a CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI in `cwd` with exactly `env` (no inherited PATH). */
export function runCliIn(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the built CLI without waiting, for tests that signal it. */
export const spawnCliIn = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) =>
  spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), as a person would, answering
 * `answer` once `prompt` appears. Resolves to the exit code and everything the terminal showed.
 */
export function runCliOnTerminal(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  dialog: { prompt: string; answer: string } | undefined = undefined,
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const child = spawn("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd, env: { ...env, SHELL: "/bin/sh" }, stdio: ["pipe", "pipe", "inherit"] });
  let screen = "";
  let answered = false;
  child.stdout.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    if (dialog && !answered && screen.includes(dialog.prompt)) {
      answered = true;
      child.stdin.write(dialog.answer);
    }
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, screen })));
}
