import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { ToolFailure } from "./failure.js";

/** The programs homelab-gen runs. */
export type ToolName = "nix" | "nixos-rebuild" | "virsh" | "git" | "podman" | "docker" | "colmena" | "deploy" | "ssh";

/** How to get each tool, for the message shown when it is missing. */
const INSTALL: Record<ToolName, string> = {
  nix: "Install Nix 2.18 or newer: https://nixos.org/download (or build with --in-container and podman or docker)",
  "nixos-rebuild":
    "It comes with NixOS; on another Linux run homelab-gen inside `nix shell nixpkgs#nixos-rebuild` (needs Nix 2.18 or newer)",
  virsh:
    "Install libvirt's client: `apt install libvirt-clients` (Debian, Ubuntu), `dnf install libvirt-client` (Fedora), `nix shell nixpkgs#libvirt`",
  git: "Install git: `apt install git`, `dnf install git`, `nix shell nixpkgs#git`",
  podman: "Install podman: https://podman.io/docs/installation",
  docker: "Install docker: https://docs.docker.com/engine/install/",
  colmena: "Run it from the generated flake's dev shell (`nix develop <generated folder>`, Colmena 0.4 as the flake pins), or `nix shell nixpkgs#colmena`",
  deploy: "Run it from the generated flake's dev shell (`nix develop <generated folder>`), or `nix shell github:serokell/deploy-rs`",
  ssh: "Install OpenSSH's client: `apt install openssh-client`, `dnf install openssh-clients`, `nix shell nixpkgs#openssh`",
};

/** Absolute path of `name` on the PATH of `env`, or undefined. */
export function findTool(name: ToolName, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: try the next PATH entry
    }
  }
  return undefined;
}

/**
 * The message for a missing tool: which one, what needs it, how to get it.
 *
 * @example
 * missingTool("virsh", "homelab-gen plan runs it to list libvirt's objects")
 */
export const missingTool = (name: ToolName, purpose: string): string =>
  `${name} is not installed (not found on PATH); ${purpose}.\n${INSTALL[name]}`;

/** Throws a {@link ToolFailure} naming the tool, its purpose and how to install it, unless it is on PATH. */
export function requireTool(name: ToolName, purpose: string, env: NodeJS.ProcessEnv): string {
  const found = findTool(name, env);
  if (found === undefined) throw new ToolFailure(missingTool(name, purpose));
  return found;
}
