import { once } from "node:events";
import { constants } from "node:os";
import { createInterface } from "node:readline";
import { Interrupted, ToolFailure } from "./failure.js";
import type { LogFile } from "./log-file.js";

/** How to run one tool. */
export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Receives the command line and every stderr line; quick queries (git, virsh) may go without. */
  readonly log?: LogFile;
  /** Called with each stderr line as it arrives. */
  readonly onLine?: (line: string) => void;
  /** `inherit` lets the child ask the user (nixos-rebuild's sudo password); default `ignore`. */
  readonly stdin?: "inherit" | "ignore";
  /** Written to the child's standard input instead (never to the log: it may be a secret). */
  readonly input?: string;
}

/** How a tool ended. A child killed by a signal gets the shell's code, 128 + the signal number. */
export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  /** The last stderr lines, for short error messages (the log has all of them). */
  readonly stderrTail: readonly string[];
}

/** How long a child may take to stop after SIGINT before it is killed. */
const GRACE_MS = 10_000;
const STDERR_TAIL = 50;

/** `a 'b c'`: a command line as a shell would read it, for the log. */
export const shellLine = (argv: readonly string[]): string =>
  argv.map((a) => (/^[\w@%+=:,./#?&-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");

/**
 * Runs `cmd args` (no shell) and resolves when it has exited and its stderr is fully read.
 *
 * Ctrl-C (SIGINT) or SIGTERM sent to homelab-gen is passed on to the child as SIGINT, so Nix stops
 * its builds cleanly; a second one, or a child still running after ten seconds, gets SIGKILL.
 * The run then rejects with {@link Interrupted}. A tool that cannot be started is a {@link ToolFailure}.
 */
export async function runTool(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  // execa is external to the bundle and loaded only by commands that run tools (fast cold start).
  const { execa } = await import("execa");
  opts.log?.write(`$ ${shellLine([cmd, ...args])}`);
  const controller = new AbortController();
  const child = execa(cmd, args, {
    env: opts.env,
    extendEnv: false,
    ...(opts.cwd !== undefined && { cwd: opts.cwd }),
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: opts.stdin ?? "ignore" }),
    stdout: "pipe",
    stderr: "pipe",
    buffer: { stdout: true, stderr: false },
    stripFinalNewline: false,
    reject: false,
    killSignal: "SIGINT",
    forceKillAfterDelay: GRACE_MS,
    cancelSignal: controller.signal,
  });
  let signals = 0;
  const onSignal = (): void => {
    signals += 1;
    if (signals === 1) controller.abort();
    else child.kill("SIGKILL");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const tail: string[] = [];
  const lines = createInterface({ input: child.stderr, crlfDelay: Infinity });
  lines.on("line", (line) => {
    opts.log?.write(line);
    tail.push(line);
    if (tail.length > STDERR_TAIL) tail.shift();
    opts.onLine?.(line);
  });
  try {
    const [result] = await Promise.all([child, once(lines, "close")]);
    if (signals > 0) throw new Interrupted(cmd);
    if (result.exitCode !== undefined) return { exitCode: result.exitCode, stdout: String(result.stdout), stderrTail: tail };
    if (result.signal !== undefined) {
      return { exitCode: 128 + constants.signals[result.signal], stdout: String(result.stdout), stderrTail: tail };
    }
    throw new ToolFailure(`could not run ${cmd}: ${result.originalMessage || result.shortMessage}`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
