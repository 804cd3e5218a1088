import type { FlakeSource } from "./flake-source.js";
import { runWithProgress } from "./progress-run.js";
import type { Realizer } from "./realizer.js";
import { requireTool } from "./tools.js";

/** nixos-rebuild's actions that homelab-gen offers. */
export const REBUILD_ACTIONS = ["switch", "boot", "test", "build", "dry-activate"] as const;
export type RebuildAction = (typeof REBUILD_ACTIONS)[number];

/** Whether an action activates the configuration now or at next boot, which is when NixVirt deletes objects. */
export const activates = (action: RebuildAction): boolean => action === "switch" || action === "boot" || action === "test";

/** One nixos-rebuild run. */
export interface Rebuild {
  readonly action: RebuildAction;
  readonly host: string;
  readonly targetHost?: string;
  readonly buildHost?: string;
  /** Use sudo on the target host to activate. */
  readonly sudo?: boolean;
}

/**
 * `nixos-rebuild ACTION --flake REF#HOST ...`. `--use-remote-sudo` rather than `--sudo`: every
 * nixos-rebuild knows the former (the rewrite keeps it as an alias), older ones lack the latter.
 * `--log-format internal-json` is passed on to nix for the progress display.
 */
export const rebuildArgs = (ref: string, r: Rebuild): string[] => [
  r.action,
  "--flake",
  `${ref}#${r.host}`,
  ...(r.targetHost !== undefined ? ["--target-host", r.targetHost] : []),
  ...(r.buildHost !== undefined ? ["--build-host", r.buildHost] : []),
  ...(r.sudo ? ["--use-remote-sudo"] : []),
  "--log-format",
  "internal-json",
];

/** Fails with the install hint unless nixos-rebuild is on PATH; checked before anything else runs. */
export const requireNixosRebuild = (r: Rebuild, env: NodeJS.ProcessEnv): void =>
  void requireTool("nixos-rebuild", `homelab-gen switch runs it to ${activates(r.action) ? "activate" : "build"} host ${r.host}`, env);

/** Runs nixos-rebuild on the prepared flake, with progress; the terminal stays attached for sudo and ssh prompts. */
export async function nixosRebuild(source: FlakeSource, r: Rebuild, ctx: Realizer): Promise<void> {
  await runWithProgress(["nixos-rebuild", ...rebuildArgs(source.ref, r)], `nixos-rebuild ${r.action}`, ctx, { stdin: "inherit" });
}
