import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The folder generated headers and the manifest name a topology relative to: the nearest folder
 * above the topology holding `package.json` or `.git` (the repository that commits the generated
 * folder), else the topology's own folder. Never the current folder, so the output is the same
 * bytes whichever folder a command runs in.
 *
 * @example
 * projectRoot("/repo/examples/sccm.ts"); // "/repo"
 */
export function projectRoot(topologyFile: string): string {
  for (let dir = dirname(topologyFile); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) || existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return dirname(topologyFile);
  }
}
