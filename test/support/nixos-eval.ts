/**
 * Evaluating a generated flake's NixOS configuration with the real module system
 * (test/fixtures/nixos/eval.nix: nixpkgs' lib, NixVirt 0.6.0's real lib and module, declarations of
 * the other options with their nixpkgs types). Packages are stand-ins (test/fixtures/pkgs-stub.nix).
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, nixStr } from "./generated.js";
import { nixEvalJson } from "./nix.js";

const EVAL = join(ROOT, "test/fixtures/nixos/eval.nix");
const PKGS = join(ROOT, "test/fixtures/pkgs-stub.nix");

/** Stand-ins for the packages the examples' flakes, images and host modules name. */
const PACKAGES = [
  "libvirt", "qemu", "virt-manager", "virt-viewer", "OVMF", "swtpm", "podman", "skopeo", "_1password-cli", "bash", "xorriso", "p7zip", "diffutils", "gawk",
  "bashInteractive", "coreutils", "findutils", "gnugrep", "gnused", "procps", "less", "ripgrep", "fd", "bat", "eza", "fzf",
  "jq", "git", "gh", "neovim", "zellij", "tailscale", "code-server", "syncthing",
];

/** Nix text of the stand-in nixpkgs package set. */
export function stubPackages(): string {
  const tree: Record<string, unknown> = Object.fromEntries(PACKAGES.map((p) => [p, { outPath: `/nix/store/00000000000000000000000000000000-${p}` }]));
  tree["zed-editor"] = { remote_server: { outPath: "/nix/store/00000000000000000000000000000000-zed-editor.remote_server" } };
  return `import ${nixStr(PKGS)} { packages = builtins.fromJSON ${nixStr(JSON.stringify(tree))}; }`;
}

/**
 * Evaluate `nixosConfigurations.<host>` of the flake at `flake` and return `select` applied to
 * `{ config, lib }` (a Nix function's text), after forcing every option value. `extraModules` (Nix
 * text of a list) stands for host modules, e.g. a user's fixed uid. Throws with Nix's
 * message when an option is undeclared, a value has the wrong type, an assertion fails, or a
 * NixVirt template would drop an argument.
 */
export function evalNixos(flake: string, host: string, select = "{ config, lib }: null", extraModules = "[ ]"): unknown {
  return nixEvalJson(`
    let r = import ${nixStr(EVAL)} { flake = ${nixStr(flake)}; host = ${nixStr(host)}; pkgs = ${stubPackages()}; extraModules = ${extraModules}; };
    in
      if r.failedAssertions != [ ] then throw "failed assertions: \${builtins.concatStringsSep "; " r.failedAssertions}"
      else builtins.seq r.checked ((${select}) { inherit (r) config lib; })`);
}

/**
 * A copy of an example's committed generated folder beside a copy of examples/hosts (so the host
 * module paths resolve), to evaluate after changing a file. Returns the copy's flake.nix path.
 */
export function copyGenerated(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-nixos-"));
  cpSync(join(ROOT, "generated", example), join(dir, "generated", example), { recursive: true });
  cpSync(join(ROOT, "examples", "hosts"), join(dir, "examples", "hosts"), { recursive: true });
  return join(dir, "generated", example, "flake.nix");
}
