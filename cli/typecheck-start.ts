import type { TypeProblem } from "./typecheck-program.js";
import { startSnapshotTypeCheck, type TypeCheckProcess } from "./typecheck-snapshot.js";
import { startTypeCheckWorker } from "./typecheck-worker-start.js";

/** A type check running beside the command, and its outcome. */
export type RunningTypeCheck = TypeCheckProcess;

/**
 * Starts `check`'s type check on the machine's other core: in a process started from the type-check
 * snapshot (typecheck-snapshot.ts), or, when that cannot start or fails, in a worker thread that
 * loads TypeScript itself. Both run the same checker (typecheck-program.ts).
 */
export function startTypeCheck(file: string, cwd: string): RunningTypeCheck {
  let referenced = true;
  let running: { ref(): void; unref(): void };
  const inWorker = (): Promise<TypeProblem[]> => {
    const { worker, result } = startTypeCheckWorker(file, cwd);
    running = worker;
    if (!referenced) worker.unref();
    return result;
  };
  let result: Promise<TypeProblem[]>;
  try {
    const snapshot = startSnapshotTypeCheck(file, cwd);
    running = snapshot;
    result = snapshot.result.catch(inWorker);
  } catch {
    result = inWorker();
  }
  return {
    result,
    ref: () => {
      referenced = true;
      running.ref();
    },
    unref: () => {
      referenced = false;
      running.unref();
    },
  };
}
