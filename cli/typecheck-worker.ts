// The worker thread of `check`'s type check when no start-up snapshot serves it (see typecheck-start.ts).
import { parentPort, workerData } from "node:worker_threads";
import { packageRoot } from "./package-root.js";
import { createTypeChecker } from "./typecheck-program.js";
import { loadTypeScript } from "./typescript-compiler.js";

const { file, cwd } = workerData as { file: string; cwd: string };
const { ts, done } = loadTypeScript();
const problems = createTypeChecker(ts, packageRoot()).check(file, cwd);
done();
parentPort!.postMessage(problems);
