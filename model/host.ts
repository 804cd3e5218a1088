import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { NEWEST_STABLE } from "./nixos-release.js";
import { podmanSettings } from "./podman.js";

/** Default nixpkgs branch for hosts that name none: the newest maintained NixOS release. */
export const DEFAULT_NIXPKGS = `nixos-${NEWEST_STABLE}`;

/** What the DSL hands over for a host. */
export const hostInput = z.strictObject({
  name: resourceName,
  system: z._default(z.enum(["x86_64-linux", "aarch64-linux"]), "x86_64-linux"),
  nixpkgs: z._default(
    z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "nixpkgs must be a branch name such as nixos-26.05")),
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
