import { ToolFailure } from "./failure.js";

/** Current nixpkgs refuses to evaluate on older Nix. */
export const MIN_NIX: readonly [number, number] = [2, 18];

/**
 * Set to `1` to accept an older Nix. Only for homelab-gen's own end-to-end test, which builds a tiny
 * flake (no nixpkgs) with Debian's Nix 2.8 through the same code path users run.
 */
export const ALLOW_OLD_NIX = "HOMELAB_GEN_ALLOW_OLD_NIX";

/**
 * The version in `nix --version` output: the last dotted number, which also covers
 * "nix (Determinate Nix 3.8.0) 2.30.0" and "nix (Lix, like Nix) 2.91.1".
 */
export function parseNixVersion(output: string): [number, number, number] | undefined {
  const all = [...output.matchAll(/(\d+)\.(\d+)(?:\.(\d+))?/g)];
  const last = all.at(-1);
  return last ? [Number(last[1]), Number(last[2]), Number(last[3] ?? 0)] : undefined;
}

/**
 * Throws a {@link ToolFailure} unless `nix --version` printed a version of at least {@link MIN_NIX}
 * (or {@link ALLOW_OLD_NIX} is set). `purpose` says what needs Nix.
 */
export function checkNixVersion(output: string, purpose: string, env: NodeJS.ProcessEnv): void {
  const version = parseNixVersion(output);
  const [major, minor] = MIN_NIX;
  const recent = version !== undefined && (version[0] > major || (version[0] === major && version[1] >= minor));
  if (recent || env[ALLOW_OLD_NIX] === "1") return;
  const found = version ? `Nix ${version.join(".")} is too old` : `cannot tell the Nix version from "${output.trim()}"`;
  throw new ToolFailure(
    `${found}: ${purpose}, and needs Nix ${major}.${minor} or newer (current nixpkgs requires it).\n` +
      "Install a current Nix: https://nixos.org/download (or build with --in-container and podman or docker)",
  );
}
