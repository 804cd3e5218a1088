import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./generated.js";

/** The bundled CLI that `npm test` builds first. */
export const CLI = join(ROOT, "dist/homelab-gen.mjs");

/** Run the built CLI like a user would; never throws on a non-zero exit. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
