import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { NEWEST_STABLE } from "./nixos-release.js";
import { hostKeyInput, keyName, normalizeHostKeys, type ModelHostKey } from "./host-key.js";
import { podmanSettings, type ModelPodmanSettings } from "./podman.js";
import { targetHost, type TargetHost } from "./target-host.js";

/** Default nixpkgs branch for hosts that name none: the newest maintained NixOS release. */
export const DEFAULT_NIXPKGS = `nixos-${NEWEST_STABLE}`;

/**
 * NixOS's own rule for `networking.hostName` (nixos/modules/tasks/network-interfaces.nix, type
 * `strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$"`): one DNS label, underscores
 * allowed. A dot would also make the name a nested attribute path in `nixosConfigurations`.
 */
const NIXOS_HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/** A tag to select hosts by (`--on @tag`): no commas, spaces or glob characters. */
const tag = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "tags are letters, digits, '.', '_' or '-', starting with a letter or digit"));

/** What the DSL hands over for a host. */
export const hostInput = z.strictObject({
  name: resourceName.check(
    z.refine((s) => NIXOS_HOST_NAME.test(s), {
      message: "a NixOS host name is one DNS label: 1-63 letters, digits, '-' or '_', starting and ending with a letter or digit, no dots",
    }),
  ),
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
  podman: z.union([z.literal(false), podmanSettings]),
  libvirt: z._default(z.boolean(), true),
  targetHost: z.optional(targetHost),
  tags: z._default(z.array(tag), []),
  buildOnTarget: z._default(z.boolean(), false),
  keys: z._default(
    z.record(z.string(), hostKeyInput).check(
      z.superRefine((keys, ctx) => {
        // A record key schema would report only "Invalid key in record".
        for (const name of Object.keys(keys)) {
          const parsed = keyName.safeParse(name);
          if (!parsed.success) ctx.addIssue({ code: "custom", path: [name], message: parsed.error.issues[0]!.message });
        }
      }),
    ),
    {},
  ),
});

/** A NixOS host. `modules` are relative to the topology file's folder. */
export interface ModelHost {
  readonly name: string;
  readonly system: "x86_64-linux" | "aarch64-linux";
  readonly nixpkgs: string;
  readonly modules: readonly string[];
  /** The podman settings its containers and jobs target (the defaults when it runs none). */
  readonly podman: ModelPodmanSettings;
  /** What may be placed on it: `podman: false` or `libvirt: false` in the declaration turn one off. */
  readonly runs: { readonly libvirt: boolean; readonly podman: boolean };
  /** How deploys reach it; unset: by its name, as the engine's default user. */
  readonly targetHost?: TargetHost;
  readonly tags: readonly string[];
  readonly buildOnTarget: boolean;
  /** Secret files uploaded at deploy time, sorted by name. */
  readonly keys: readonly ModelHostKey[];
  readonly source: SourceLocation;
}

/** Normalize a host: podman on or off with its settings, keys in name order. */
export function normalizeHost(input: z.output<typeof hostInput>, source: SourceLocation): ModelHost {
  const { podman, libvirt, keys, targetHost: target, ...rest } = input;
  return {
    ...rest,
    podman: podman === false ? podmanSettings.parse(undefined) : podman,
    runs: { libvirt, podman: podman !== false },
    ...(target !== undefined && { targetHost: target }),
    keys: normalizeHostKeys(keys),
    source,
  };
}
