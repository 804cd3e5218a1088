import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { podmanSettings } from "./podman.js";

/** Default nixpkgs branch for hosts that name none. */
export const DEFAULT_NIXPKGS = "nixos-25.05";

/**
 * NixOS's own rule for `networking.hostName` (nixos/modules/tasks/network-interfaces.nix, type
 * `strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$"`): one DNS label, underscores
 * allowed. A dot would also make the name a nested attribute path in `nixosConfigurations`.
 */
const NIXOS_HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/** What the DSL hands over for a host. */
export const hostInput = z.strictObject({
  name: resourceName.check(
    z.refine((s) => NIXOS_HOST_NAME.test(s), {
      message: "a NixOS host name is one DNS label: 1-63 letters, digits, '-' or '_', starting and ending with a letter or digit, no dots",
    }),
  ),
  system: z._default(z.enum(["x86_64-linux", "aarch64-linux"]), "x86_64-linux"),
  nixpkgs: z._default(
    z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "nixpkgs must be a branch name such as nixos-25.05")),
    DEFAULT_NIXPKGS,
  ),
  modules: z._default(
    z.array(
      z.string().check(
        z.refine((p) => !p.startsWith("/") && /^[A-Za-z0-9._/+-]+$/.test(p), {
          message: "module paths are relative to the topology file and use only letters, digits and . _ / + -",
        }),
      ),
    ),
    [],
  ),
  podman: podmanSettings,
});

/** A NixOS host. `modules` are relative to the topology file's folder. */
export interface ModelHost extends z.output<typeof hostInput> {
  readonly source: SourceLocation;
}
