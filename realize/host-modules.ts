import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Model } from "../model/model.js";
import { SetupFailure } from "./failure.js";
import type { FlakeSource } from "./flake-source.js";
import type { Realizer } from "./realizer.js";
import { runTool } from "./run-tool.js";

/** Absolute paths of the NixOS modules the topology's hosts import (the generated flake imports them). */
export const hostModules = (model: Model): string[] =>
  [...new Set(model.hosts.flatMap((h) => h.modules.map((m) => resolve(model.topologyDir, m))))].sort();

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel !== "" && !isAbsolute(rel) && rel.split(sep)[0] !== "..";
};

/**
 * Fails with one message unless Nix will see every host module: it exists, lies within the folder
 * Nix copies, and (in a git work tree) is known to git. Run before Nix, whose own error for each of
 * these is a bare "path does not exist" inside its store.
 */
export async function checkHostModules(modules: readonly string[], source: FlakeSource, ctx: Realizer): Promise<void> {
  const shown = (path: string): string => relative(process.cwd(), path) || path;
  const missing = modules.filter((m) => !existsSync(m));
  if (missing.length > 0) throw new SetupFailure(`host module not found: ${missing.map(shown).join(", ")}`);
  // Real paths, to compare with the flake's real root and git's paths.
  const real = new Map(modules.map((m) => [m, realpathSync(m)]));
  const outside = modules.filter((m) => !inside(source.root, real.get(m)!));
  if (outside.length > 0) {
    throw new SetupFailure(
      source.git
        ? `host modules outside the git work tree ${source.root}, which Nix copies: ${outside.map(shown).join(", ")}; move them into it`
        : `host modules outside ${source.root}: ${outside.map(shown).join(", ")}. That folder is not in a git work tree, so Nix ` +
            "copies only it; keep the topology, its host modules and the generated folder in one git repository",
    );
  }
  if (!source.git || modules.length === 0) return;
  const known = await runTool("git", ["ls-files", "-z", "--", ...real.values()], { env: ctx.env, log: ctx.log, cwd: source.root });
  const tracked = new Set(known.stdout.split("\0").filter(Boolean).map((rel) => join(source.root, rel)));
  const unknown = modules.filter((m) => !tracked.has(real.get(m)!));
  if (unknown.length > 0) {
    const list = unknown.map(shown).join(" ");
    throw new SetupFailure(`Nix sees only files git knows, and git does not know these host modules: ${list}\nAdd them: git add ${list}`);
  }
}
