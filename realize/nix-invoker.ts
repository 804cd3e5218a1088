import type { Realizer } from "./realizer.js";
import { checkNixVersion } from "./nix-version.js";
import { runTool } from "./run-tool.js";
import { requireTool } from "./tools.js";

/** Flakes and the `nix` command are still experimental features; enable them whatever nix.conf says. */
export const NIX_FEATURES = ["--extra-experimental-features", "nix-command flakes"] as const;

/** How `nix ARGS` is run: on this machine, or inside a container. */
export interface NixInvoker {
  /** The full command line (program first) that runs `nix` with `args`. */
  argv(args: readonly string[]): string[];
}

/** Nix on this machine. */
export const hostNix: NixInvoker = { argv: (args) => ["nix", ...args] };

/**
 * Nix on this machine, after checking it is there and recent enough; `purpose` says what needs it
 * ("homelab-gen build runs it to build the lab's systems").
 */
export async function localNix(purpose: string, ctx: Realizer): Promise<NixInvoker> {
  requireTool("nix", purpose, ctx.env);
  const { exitCode, stdout, stderrTail } = await runTool("nix", ["--version"], { env: ctx.env, log: ctx.log });
  checkNixVersion(exitCode === 0 ? stdout : stderrTail.join("\n"), purpose, ctx.env);
  return hostNix;
}
