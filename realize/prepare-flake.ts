import { ensureFlakeLock } from "./flake-lock.js";
import { locateFlake, stageFlake, type FlakeSource } from "./flake-source.js";
import { checkHostModules } from "./host-modules.js";
import type { NixInvoker } from "./nix-invoker.js";
import type { Realizer } from "./realizer.js";

/** The generated folder, already written, and what it needs from around it. */
export interface GeneratedFlake {
  readonly outDir: string;
  /** The generated files (relative paths), which git must know for Nix to see them. */
  readonly files: Iterable<string>;
  /** Absolute paths of the host modules the flake imports. */
  readonly modules: readonly string[];
}

/**
 * Makes the generated folder usable as a flake before any Nix run: decides how Nix addresses it,
 * checks the host modules are visible, stages it in git, and creates flake.lock when missing.
 * `nixFor` gives the Nix to lock with, which may depend on where the flake is (a container mounts it).
 */
export async function prepareFlake(
  flake: GeneratedFlake,
  nixFor: (source: FlakeSource) => NixInvoker,
  ctx: Realizer,
): Promise<{ source: FlakeSource; nix: NixInvoker }> {
  const source = await locateFlake(flake.outDir, ctx);
  await checkHostModules(flake.modules, source, ctx);
  const files = [...flake.files];
  const nix = nixFor(source);
  await stageFlake(source, files, ctx);
  if (await ensureFlakeLock(source, nix, ctx)) await stageFlake(source, files, ctx);
  return { source, nix };
}
