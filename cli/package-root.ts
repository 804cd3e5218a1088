import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of homelab-gen's own package.json, found upwards from this module: the bundle lives
 * in dist/, the compiled modules deeper, and the package may sit in any node_modules.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "homelab-gen") return dir;
    if (dirname(dir) === dir) throw new Error(`homelab-gen's package.json not found above ${from}`);
  }
}
