import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Model } from "../model/model.js";
import { SetupFailure } from "./failure.js";
import type { FlakeSource } from "./flake-source.js";
import type { Realizer } from "./realizer.js";
import { runTool } from "./run-tool.js";

/** Absolute paths of the NixOS modules the topology's hosts import (the generated flake imports them). */
export const hostModules = (model: Model): string[] =>
  [...new Set(model.hosts.flatMap((h) => h.modules.map((m) => resolve(model.topologyDir, m))))].sort();

/** The real path of `path` when it exists (so it compares with the flake's real root), else `path`. */
function real(path: string): string {
  // A missing file is reported by the caller; its folder may still exist and be a symlink.
  if (existsSync(path)) return realpathSync(path);
  return existsSync(dirname(path)) ? join(realpathSync(dirname(path)), basename(path)) : path;
}

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
  const outside = modules.filter((m) => !inside(source.root, real(m)));
  if (outside.length > 0) {
    throw new SetupFailure(
      source.git
        ? `host modules outside the git work tree ${source.root}, which Nix copies: ${outside.map(shown).join(", ")}; move them into it`
        : `host modules outside ${source.root}: ${outside.map(shown).join(", ")}. That folder is not in a git work tree, so Nix ` +
            "copies only it; keep the topology, its host modules and the generated folder in one git repository",
    );
  }
  if (!source.git || modules.length === 0) return;
  const known = await runTool("git", ["ls-files", "-z", "--", ...modules.map(real)], { env: ctx.env, log: ctx.log, cwd: source.root });
  const tracked = new Set(known.stdout.split("\0").filter(Boolean).map((rel) => join(source.root, rel)));
  const unknown = modules.filter((m) => !tracked.has(real(m)));
  if (unknown.length > 0) {
    const list = unknown.map(shown).join(" ");
    throw new SetupFailure(`Nix sees only files git knows, and git does not know these host modules: ${list}\nAdd them: git add ${list}`);
  }
}
