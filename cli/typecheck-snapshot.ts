/**
 * `check`'s type check in a process started from a V8 start-up snapshot (Node's `--build-snapshot`
 * and `--snapshot-blob`, https://nodejs.org/docs/latest-v20.x/api/cli.html#--build-snapshot-entry):
 * the heap of a TypeScript that has already loaded, compiled its checker and parsed and bound the
 * standard library and homelab-gen's declarations (typecheck-snapshot-entry.ts). Such a process
 * checks a topology in about half the time a fresh compiler takes. The first check on a machine
 * builds the snapshot first (about a second) into the cache folder, readable by the user only. A
 * snapshot is used only by the Node.js binary, TypeScript and homelab-gen it was built with; one
 * that fails is deleted and the check is done in a worker thread instead (typecheck-start.ts), as
 * are all checks after a second failure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { sha256 } from "../writer/manifest.js";
import { cacheDir } from "./cache-dir.js";
import { packageRoot } from "./package-root.js";
import type { TypeProblem } from "./typecheck-program.js";
import { SNAPSHOT_REQUEST, type SnapshotBuild, type SnapshotCheck } from "./typecheck-request.js";
import { VERSION } from "./version.js";

/** A type-check process, and its outcome. */
export interface TypeCheckProcess {
  readonly result: Promise<TypeProblem[]>;
  ref(): void;
  unref(): void;
}

const SNAPSHOT_PREFIX = "typecheck-";
const SNAPSHOT_SUFFIX = ".blob";

// A snapshot that fails to start is deleted and built again once (a damaged file); after a second
// failure, or one to build it, this Node.js cannot use one, and checks stop paying for the attempt.
const FAILURES_ALLOWED = 2;
const failuresFile = (blob: string): string => `${blob}.failures`;

function failures(blob: string): number {
  try {
    return Number(readFileSync(failuresFile(blob), "utf8")) || 0;
  } catch {
    return 0;
  }
}

function noteFailure(blob: string, count: number): void {
  try {
    writeFileSync(failuresFile(blob), `${count}\n`);
  } catch {
    // A cache that cannot be written: the next check tries again.
  }
}

/** The snapshot file for this Node.js binary, this TypeScript and this homelab-gen (its snapshot script's bytes). */
function snapshotPath(typescript: string, entry: string): string {
  const ts = statSync(typescript);
  const key = [VERSION, process.version, process.arch, process.execPath, typescript, ts.size, ts.mtimeMs, sha256(readFileSync(entry))];
  return join(cacheDir(), `${SNAPSHOT_PREFIX}${sha256(JSON.stringify(key)).slice(0, 24)}${SNAPSHOT_SUFFIX}`);
}

/** Runs `node ARGS` in `cwd` with the request; its stdout, once it exits 0. */
function runNode(args: readonly string[], cwd: string, request: SnapshotBuild | SnapshotCheck): { child: ChildProcess; output: Promise<string> } {
  // NODE_OPTIONS could carry flags a snapshot is not valid under; the check needs none.
  const { NODE_OPTIONS: _, ...env } = process.env;
  const child = spawn(process.execPath, ["--no-warnings", ...args], {
    cwd,
    env: { ...env, [SNAPSHOT_REQUEST]: JSON.stringify(request) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = new Promise<string>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.once("error", reject);
    child.once("close", (code, signal) =>
      code === 0 ? resolve(Buffer.concat(out).toString("utf8")) : reject(new Error(`node ${args.join(" ")}: ${signal ?? `exit ${code}`}: ${Buffer.concat(err).toString("utf8")}`)),
    );
  });
  return { child, output };
}

const problemsOf = (json: string): TypeProblem[] => {
  const problems: unknown = JSON.parse(json);
  if (!Array.isArray(problems)) throw new Error("the type check printed no list of problems");
  return problems as TypeProblem[];
};

/** Makes the fresh snapshot `temp` the one at `blob`, readable by this user only, and drops older ones (and their notes). */
function keepSnapshot(temp: string, blob: string): void {
  chmodSync(temp, 0o600);
  renameSync(temp, blob);
  for (const name of readdirSync(cacheDir())) {
    const path = join(cacheDir(), name);
    if (name.startsWith(SNAPSHOT_PREFIX) && !path.startsWith(blob)) rmSync(path, { force: true });
  }
}

/** Builds the snapshot at `blob`: written beside it, then renamed, so a check never starts from half a snapshot. */
function buildSnapshot(blob: string, entry: string, build: SnapshotBuild): { child: ChildProcess; done: Promise<void> } {
  mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
  const temp = `${blob}.${process.pid}.tmp`;
  const { child, output } = runNode(["--snapshot-blob", temp, "--build-snapshot", entry], cacheDir(), build);
  // A command that ends first (a usage error) must not leave half a snapshot behind.
  const abandon = (): void => {
    child.kill();
    rmSync(temp, { force: true });
  };
  process.once("exit", abandon);
  const done = output
    .then(
      () => keepSnapshot(temp, blob),
      (error: unknown) => {
        noteFailure(blob, FAILURES_ALLOWED);
        throw error;
      },
    )
    .finally(() => {
      process.off("exit", abandon);
      rmSync(temp, { force: true });
    });
  return { child, done };
}

/**
 * Starts the type check of `file` in `cwd` in a process started from the snapshot, building the
 * snapshot first when there is none. Throws (synchronously) when the files it needs are missing,
 * the cache folder cannot be made, or snapshots failed here before; the result rejects when a
 * process fails.
 */
export function startSnapshotTypeCheck(file: string, cwd: string): TypeCheckProcess {
  const root = packageRoot();
  const typescript = createRequire(import.meta.url).resolve("typescript");
  const entry = join(root, "dist", "typecheck-snapshot.cjs");
  const blob = snapshotPath(typescript, entry);
  const failed = failures(blob);
  if (failed >= FAILURES_ALLOWED) throw new Error(`the type-check snapshot failed ${failed} times with this Node.js (${failuresFile(blob)})`);
  let current: ChildProcess;
  let referenced = true;
  const follow = (child: ChildProcess): ChildProcess => {
    current = child;
    setReferenced(child, referenced);
    return child;
  };
  const check = (): Promise<TypeProblem[]> => {
    const run = runNode(["--snapshot-blob", blob], cwd, { file, cwd });
    follow(run.child);
    // A snapshot that does not start (a damaged file) is deleted: the next check builds a new one.
    return run.output.then(problemsOf).catch((error: unknown) => {
      rmSync(blob, { force: true });
      noteFailure(blob, failed + 1);
      throw error;
    });
  };
  let result: Promise<TypeProblem[]>;
  if (existsSync(blob)) result = check();
  else {
    const build = buildSnapshot(blob, entry, { typescript, packageRoot: root });
    follow(build.child);
    result = build.done.then(check);
  }
  return {
    result,
    ref: () => setReferenced(current, (referenced = true)),
    unref: () => setReferenced(current, (referenced = false)),
  };
}

/** Whether a child process (and its pipes, which do so on their own) keeps this one's event loop alive. */
function setReferenced(child: ChildProcess, on: boolean): void {
  for (const handle of [child, child.stdout, child.stderr] as unknown as { ref(): void; unref(): void }[]) {
    if (on) handle.ref();
    else handle.unref();
  }
}
