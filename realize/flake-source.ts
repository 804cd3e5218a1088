import { existsSync, realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { MANIFEST_NAME } from "../writer/index.js";
import { SetupFailure, ToolFailure } from "./failure.js";
import type { Realizer } from "./realizer.js";
import { runTool } from "./run-tool.js";
import { findTool } from "./tools.js";

/**
 * How Nix is pointed at the generated folder.
 *
 * The generated flake imports host modules by relative path (`../../hosts/hypervisor.nix`), so Nix
 * must copy more than the folder itself. Inside a git work tree the flake is addressed through the
 * repository, `git+file:///repo?dir=generated/lab`: Nix copies the files git knows, relative imports
 * resolve within the repository, and the generated files are `git add`ed first so Nix sees them
 * (Nix ignores files git does not know). Outside git it is `path:/abs/generated/lab`, which copies
 * only that folder, so host modules must then live inside it.
 */
export interface FlakeSource {
  /** The flake reference given to nix, without `#attr`. */
  readonly ref: string;
  /** The folder Nix copies into its store: the work tree's top, or the generated folder. */
  readonly root: string;
  /** The generated folder, symlinks resolved. */
  readonly dir: string;
  /** Whether `root` is a git work tree. */
  readonly git: boolean;
}

// Flake URLs are URLs: a space or `#` in a folder name must be percent-encoded.
const encodePath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

/** `git+file:///repo?dir=generated/lab` for `dir` inside the work tree `top` (both absolute, POSIX). */
export function gitFlakeRef(top: string, dir: string): string {
  const rel = relative(top, dir).split(sep).join("/");
  return `git+file://${encodePath(top)}${rel === "" ? "" : `?dir=${encodePath(rel)}`}`;
}

/** `path:/abs/generated/lab`. */
export const pathFlakeRef = (dir: string): string => `path:${encodePath(dir)}`;

/** Runs git quietly in `cwd`; the result, or undefined when git is not installed. */
async function git(args: string[], cwd: string, ctx: Realizer) {
  if (findTool("git", ctx.env) === undefined) return undefined;
  return runTool("git", args, { env: ctx.env, log: ctx.log, cwd });
}

/** Decides how Nix addresses the (already written) generated folder `outDir`. */
export async function locateFlake(outDir: string, ctx: Realizer): Promise<FlakeSource> {
  const dir = realpathSync(outDir);
  const top = await git(["rev-parse", "--show-toplevel"], dir, ctx);
  if (top === undefined || top.exitCode !== 0) return { ref: pathFlakeRef(dir), root: dir, dir, git: false };
  const root = realpathSync(top.stdout.trim());
  const ignored = await git(["check-ignore", "-q", "--", join(dir, "flake.nix")], dir, ctx);
  if (ignored?.exitCode === 0) {
    throw new SetupFailure(
      `${relative(root, dir) || "."} is ignored by git (.gitignore), so Nix cannot see the generated flake in ${root}; ` +
        "stop ignoring it (the generated folder is meant to be committed)",
    );
  }
  return { ref: gitFlakeRef(root, dir), root, dir, git: true };
}

/**
 * In a git work tree, adds the generated files, the manifest and flake.lock to the index so Nix
 * sees their current contents. Outside git there is nothing to do.
 */
export async function stageFlake(source: FlakeSource, generated: Iterable<string>, ctx: Realizer): Promise<void> {
  if (!source.git) return;
  const paths = [...generated, MANIFEST_NAME, "flake.lock"].map((rel) => join(source.dir, rel)).filter((p) => existsSync(p));
  const added = await git(["add", "--", ...paths], source.dir, ctx);
  if (added !== undefined && added.exitCode !== 0) {
    throw new ToolFailure(`git add of the generated files failed (exit code ${added.exitCode}):\n${added.stderrTail.join("\n")}`);
  }
}
