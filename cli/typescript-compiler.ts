import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { cacheDir } from "./cache-dir.js";

/** The `typescript` module's API, as `check` uses it. */
export type TypeScript = typeof import("typescript");

/**
 * Where the compiled-code cache lives in {@link cacheDir}, keyed by TypeScript's path and V8's version
 * (V8 rejects a cache from another version or with other flags, which is then rebuilt).
 */
const cacheFile = (source: string): string =>
  join(cacheDir(), `typescript-${process.versions.v8}-${Buffer.from(source).toString("base64url").slice(-40)}.v8cache`);

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Stores V8's code for the script, functions compiled so far included; a cache that cannot be written is only slower. */
function writeCache(path: string, script: Script): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, path);
  } catch {
    // Read-only home, full disk: the next check compiles TypeScript again.
  }
}

/**
 * Loads the TypeScript compiler with V8's code cache: compiling its 9 MB of JavaScript (and the
 * parser and checker functions a check runs) is most of a cold `check`; with the cache, V8 reuses
 * the machine code of the last run. `done()`, called after the check, refreshes the cache when it
 * was missing or rejected.
 */
export function loadTypeScript(): { ts: TypeScript; done: () => void } {
  const require = createRequire(import.meta.url);
  const filename = require.resolve("typescript");
  const cachePath = cacheFile(filename);
  const cachedData = readCache(cachePath);
  const script = new Script(Module.wrap(readFileSync(filename, "utf8")), { filename, ...(cachedData && { cachedData }) });
  const module = { exports: {} as TypeScript };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return { ts: module.exports, done: () => (stale ? writeCache(cachePath, script) : undefined) };
}
