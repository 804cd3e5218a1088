import { containerNix, pickEngine } from "./container.js";
import { nixBuild, type BuiltOutput } from "./nix-build.js";
import { localNix } from "./nix-invoker.js";
import { prepareFlake, type GeneratedFlake } from "./prepare-flake.js";
import type { Realizer } from "./realizer.js";

/** What `homelab-gen build` asks Nix for. */
export interface BuildRequest extends GeneratedFlake {
  /** Flake attributes to build, e.g. `nixosConfigurations.hv.config.system.build.toplevel`. */
  readonly attrs: readonly string[];
  /** Run Nix in podman or docker instead of on this machine. */
  readonly inContainer?: boolean;
}

/**
 * Builds attributes of a generated flake: checks the tools first (Nix and its version, or a container
 * engine), prepares the flake (git, host modules, flake.lock), then runs `nix build` with progress.
 * This is the whole path of `homelab-gen build` after generating.
 */
export async function buildFlake(request: BuildRequest, ctx: Realizer): Promise<BuiltOutput[]> {
  const engine = request.inContainer ? pickEngine(ctx.env) : undefined;
  const local = engine ? undefined : await localNix("homelab-gen build runs it to build the lab's systems", ctx);
  const { source, nix } = await prepareFlake(request, (at) => local ?? containerNix(engine!, at), ctx);
  return nixBuild(source, request.attrs, nix, ctx);
}
