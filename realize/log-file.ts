import { mkdtempSync, openSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The full output of every tool one command runs; the screen shows a summary, this keeps all of it. */
export interface LogFile {
  readonly path: string;
  /** Append one line (a newline is added). */
  write(line: string): void;
}

/**
 * A fresh log file `homelab-gen-XXXXXX/<name>.log` in the system's temp folder, created on the first
 * write so that commands that end before running any tool leave nothing behind.
 */
export function logFile(name: string, dir: string = tmpdir()): LogFile {
  let opened: { path: string; fd: number } | undefined;
  const ensure = (): { path: string; fd: number } => {
    if (opened) return opened;
    const path = join(mkdtempSync(join(dir, "homelab-gen-")), `${name}.log`);
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
