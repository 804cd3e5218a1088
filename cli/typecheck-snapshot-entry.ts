// The script of `check`'s start-up snapshot (typecheck-snapshot.ts explains when it runs). Run
// under `node --build-snapshot`, it loads TypeScript and checks a small topology of its own; Node
// then saves the heap: the compiler, its compiled functions, and the parsed and bound declarations
// of the standard library and of homelab-gen. No file of the user's is read, so none is saved.
// Every `node --snapshot-blob` run starts from that heap and checks one topology.
// Bundled into one CommonJS file (dist/typecheck-snapshot.cjs): a snapshot script may require only
// Node's own modules, which is all TypeScript requires.
import { readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { startupSnapshot } from "node:v8";
import { createTypeChecker } from "./typecheck-program.js";
import { SNAPSHOT_REQUEST, type SnapshotBuild, type SnapshotCheck } from "./typecheck-request.js";
import type { TypeScript } from "./typescript-compiler.js";

const request = <T>(): T => JSON.parse(process.env[SNAPSHOT_REQUEST] ?? "null") as T;

/** typescript.js evaluated as the CommonJS module it is. */
function loadTypeScript(path: string): TypeScript {
  const module = { exports: {} as TypeScript };
  new Function("exports", "require", "module", "__filename", "__dirname", readFileSync(path, "utf8"))(module.exports, require, module, path, dirname(path));
  return module.exports;
}

const build = request<SnapshotBuild>();
const checker = createTypeChecker(loadTypeScript(build.typescript), build.packageRoot);
checker.warmUp();
startupSnapshot.setDeserializeMainFunction(() => {
  const { file, cwd } = request<SnapshotCheck>();
  writeSync(1, JSON.stringify(checker.check(file, cwd)));
});
