import { ToolFailure } from "./failure.js";
import type { FlakeSource } from "./flake-source.js";
import type { NixInvoker } from "./nix-invoker.js";
import { findTool } from "./tools.js";

/** A container engine that runs the Nix image. */
export type Engine = "podman" | "docker";

/** The official Nix image. */
export const NIX_IMAGE = "docker.io/nixos/nix";

/**
 * Named volume mounted on /nix: the store survives between runs, so only the first build downloads
 * much. An empty named volume starts as a copy of the image's /nix (both engines do this).
 */
export const NIX_VOLUME = "homelab-gen-nix";

/** podman when installed (rootless, no daemon), else docker; a {@link ToolFailure} when neither is. */
export function pickEngine(env: NodeJS.ProcessEnv): Engine {
  if (findTool("podman", env)) return "podman";
  if (findTool("docker", env)) return "docker";
  throw new ToolFailure(
    "neither podman nor docker is installed (not found on PATH); homelab-gen build --in-container runs Nix in a container with one of them.\n" +
      "Install podman (https://podman.io/docs/installation) or docker (https://docs.docker.com/engine/install/), " +
      "or install Nix 2.18 or newer (https://nixos.org/download) and build without --in-container",
  );
}

/**
 * Nix inside the official image. The folder Nix copies (the git work tree, or the generated folder)
 * is mounted at the same path, so the flake reference and every path in it mean the same inside.
 */
export function containerNix(engine: Engine, source: FlakeSource): NixInvoker {
  const run = [
    engine,
    "run",
    "--rm",
    // SELinux hosts would deny the container the bind mount; relabelling the user's repository is worse.
    "--security-opt",
    "label=disable",
    "--volume",
    `${NIX_VOLUME}:/nix`,
    "--volume",
    `${source.root}:${source.root}`,
    "--workdir",
    source.dir,
    // The repository belongs to another user than the container's root; git refuses it unless told it is safe.
    "--env",
    "GIT_CONFIG_COUNT=1",
    "--env",
    "GIT_CONFIG_KEY_0=safe.directory",
    "--env",
    "GIT_CONFIG_VALUE_0=*",
    NIX_IMAGE,
    "nix",
  ];
  return { argv: (args) => [...run, ...args] };
}
