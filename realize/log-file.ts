import { mkdtempSync, openSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The full output of every tool one command runs; the screen shows a summary, this keeps all of it. */
export interface LogFile {
  readonly path: string;
  /** Append one line (a newline is added). */
  write(line: string): void;
}

/** A log at the path `place` gives, created (with its folder) on the first write or path read. */
function lazyLog(place: () => string): LogFile {
  let opened: { path: string; fd: number } | undefined;
  const ensure = (): { path: string; fd: number } => {
    if (opened) return opened;
    const path = place();
    return (opened = { path, fd: openSync(path, "a") });
  };
  return {
    get path() {
      return ensure().path;
    },
    // Synchronous writes keep interleaved lines in order and are on disk even after an abrupt exit.
    write: (line) => void writeSync(ensure().fd, `${line}\n`),
  };
}

/**
 * A fresh log file `homelab-gen-XXXXXX/<name>.log` in the system's temp folder, created on the first
 * write so that commands that end before running any tool leave nothing behind.
 */
export const logFile = (name: string, dir: string = tmpdir()): LogFile => lazyLog(() => join(mkdtempSync(join(dir, "homelab-gen-")), `${name}.log`));

/**
 * A log `<name>.log` in the folder of `log` (e.g. one per host beside a deploy's own log), created
 * on the first write.
 *
 * @example
 * siblingLog(ctx.log, "deploy-hv1").path; // /tmp/homelab-gen-XXXXXX/deploy-hv1.log
 */
export const siblingLog = (log: LogFile, name: string): LogFile => lazyLog(() => join(dirname(log.path), `${name}.log`));
