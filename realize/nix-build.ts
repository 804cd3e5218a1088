import { isIdentifier } from "../syntax/nix/ast.js";
import type { FlakeSource } from "./flake-source.js";
import { ToolFailure } from "./failure.js";
import { NIX_FEATURES, type NixInvoker } from "./nix-invoker.js";
import { runWithProgress } from "./progress-run.js";
import type { Realizer } from "./realizer.js";

/** One built installable: its derivation and output paths by output name. */
export interface BuiltOutput {
  readonly attr: string;
  readonly drvPath: string;
  readonly outputs: Readonly<Record<string, string>>;
}

// Names may contain dots, which an attribute path on nix's command line must quote.
const segment = (name: string): string => (isIdentifier(name) ? name : `"${name}"`);

/** The attribute that builds a host's whole system, as `nixos-rebuild build` does. */
export const systemAttr = (host: string): string => `nixosConfigurations.${segment(host)}.config.system.build.toplevel`;

/** The attribute of a container image (the generated flake's `packages`). */
export const imageAttr = (image: string): string => `packages.x86_64-linux.${segment(image)}`;

/**
 * `nix build --no-link --json` of `REF#attr` for each attr. `--json` rather than `--print-out-paths`,
 * which Nix gained only in 2.9; internal-json logs feed the progress display.
 */
export const nixBuildArgs = (ref: string, attrs: readonly string[]): string[] => [
  ...NIX_FEATURES,
  "build",
  "--no-link",
  "--json",
  "--log-format",
  "internal-json",
  ...attrs.map((attr) => `${ref}#${attr}`),
];

/** Reads `nix build --json`'s stdout: one entry per installable, in the order given. */
export function parseBuildJson(stdout: string, attrs: readonly string[]): BuiltOutput[] {
  let entries: unknown;
  try {
    entries = JSON.parse(stdout);
  } catch {
    entries = undefined;
  }
  const valid =
    Array.isArray(entries) &&
    entries.length === attrs.length &&
    entries.every((e) => typeof e?.drvPath === "string" && e.outputs !== null && typeof e.outputs === "object");
  if (!valid) throw new ToolFailure(`nix build succeeded but printed no build results in JSON: ${stdout.slice(0, 200)}`);
  return (entries as Array<{ drvPath: string; outputs: Record<string, string> }>).map((e, i) => ({
    attr: attrs[i]!,
    drvPath: e.drvPath,
    outputs: e.outputs,
  }));
}

/** Builds `attrs` of the flake; resolves to what was built. */
export async function nixBuild(source: FlakeSource, attrs: readonly string[], nix: NixInvoker, ctx: Realizer): Promise<BuiltOutput[]> {
  const stdout = await runWithProgress(nix.argv(nixBuildArgs(source.ref, attrs)), "nix build", ctx);
  return parseBuildJson(stdout, attrs);
}
