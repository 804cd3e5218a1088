import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FlakeSource } from "./flake-source.js";
import { NIX_FEATURES, type NixInvoker } from "./nix-invoker.js";
import { runWithProgress } from "./progress-run.js";
import type { Realizer } from "./realizer.js";

/** `nix flake lock REF`, logging in internal-json for the progress display. */
export const flakeLockArgs = (ref: string): string[] => [...NIX_FEATURES, "flake", "lock", "--log-format", "internal-json", ref];

/**
 * Creates flake.lock with `nix flake lock` when the generated folder has none. An existing lock is
 * kept: it pins nixpkgs and NixVirt, and the writer never touches it (it is not a generated file).
 * Resolves to whether a lock was created.
 */
export async function ensureFlakeLock(source: FlakeSource, nix: NixInvoker, ctx: Realizer): Promise<boolean> {
  if (existsSync(join(source.dir, "flake.lock"))) return false;
  await runWithProgress(nix.argv(flakeLockArgs(source.ref)), "nix flake lock", ctx);
  return true;
}
