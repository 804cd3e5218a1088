import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { packageRoot } from "./package-root.js";
import type { TypeProblem } from "./typecheck.js";

/** A type check running in a worker thread, and its outcome. */
export interface RunningTypeCheck {
  readonly worker: Worker;
  readonly result: Promise<TypeProblem[]>;
}

/**
 * Start `typeCheckHere(file, cwd)` in a worker thread. The listeners are attached at once: a
 * worker's message is lost when nobody listens as it arrives.
 */
export function startTypeCheckWorker(file: string, cwd: string): RunningTypeCheck {
  const worker = new Worker(join(packageRoot(), "dist", "cli", "typecheck-worker.js"), { workerData: { file, cwd } });
  const result = new Promise<TypeProblem[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the type check stopped (exit ${code})`)));
  });
  return { worker, result };
}
