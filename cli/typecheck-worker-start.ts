import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { packageRoot } from "./package-root.js";
import type { TypeProblem } from "./typecheck-program.js";

/**
 * Starts `check`'s type check in a worker thread (typecheck-worker.ts). The listeners are attached
 * at once: a worker's message is lost when nobody listens as it arrives.
 */
export function startTypeCheckWorker(file: string, cwd: string): { readonly worker: Worker; readonly result: Promise<TypeProblem[]> } {
  const worker = new Worker(join(packageRoot(), "dist", "cli", "typecheck-worker.js"), { workerData: { file, cwd } });
  const result = new Promise<TypeProblem[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the type check stopped (exit ${code})`)));
  });
  return { worker, result };
}
