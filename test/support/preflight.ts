/**
 * vitest's globalSetup: before any test, every tool of test/support/tools.ts must be there, or the
 * run stops at once with one message naming all that are missing and the command installing them.
 * quadlet, which Debian bookworm does not ship, is fetched here when absent (see quadletBinary).
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { quadletBinary, quadletCache } from "./quadlet.js";
import { installCommand, missingTools } from "./tools.js";

export default function preflight(): void {
  const missing = missingTools();
  if (missing.length > 0) {
    throw new Error(
      `npm test needs tools that are missing: ${missing.map((t) => `${t.command} (${t.debian})`).join(", ")}.\n` +
        `Install them with: ${installCommand(missing)}\n(.ci/run installs everything on a fresh Debian machine.)`,
    );
  }
  try {
    quadletBinary();
  } catch {
    const cache = quadletCache();
    console.error(`quadlet not found: fetching Debian trixie's podman into ${cache} (.ci/install-quadlet.sh)`);
    const script = join(resolve(import.meta.dirname, "../.."), ".ci/install-quadlet.sh");
    const r = spawnSync("bash", [script], { env: { ...process.env, QUADLET_HOME: cache }, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`fetching quadlet failed (.ci/install-quadlet.sh exited ${r.status}); run it by hand, or set QUADLET=/path/to/quadlet`);
    quadletBinary();
  }
}
