// The worker thread of `check`'s type check (see typeCheck in typecheck.ts).
import { parentPort, workerData } from "node:worker_threads";
import { typeCheckHere } from "./typecheck.js";

const { file, cwd } = workerData as { file: string; cwd: string };
parentPort!.postMessage(typeCheckHere(file, cwd));
