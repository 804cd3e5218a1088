import * as z from "./zod.js";
import { hostPath } from "./common.js";
import { shellWord } from "./representable.js";

/**
 * A secret of a VM's install media, as the DSL hands it over: a command run on the host
 * (`secretFromCommand`, `opRead`) or a host file (`secretFromFile`). Podman secrets and env files
 * belong to containers.
 */
export const vmSecretSource = z.pipe(
  z.looseObject({ kind: z.string() }).check(
    z.refine((s) => s.kind === "command" || s.kind === "file", {
      message: "VM secrets come from secretFromFile, secretFromCommand or opRead (podman secrets and env files are for containers)",
    }),
  ),
  z.union([
    z.strictObject({
      kind: z.literal("command"),
      argv: z.array(shellWord).check(z.minLength(1, "a secret command needs at least the program")),
      environmentFile: z.optional(hostPath),
    }),
    z.strictObject({ kind: z.literal("file"), path: hostPath }),
  ]),
);

/** Where a secret's value comes from when the media are assembled on the host. */
export type VmSecretSource = { readonly kind: "command"; readonly argv: readonly string[]; readonly environmentFile?: string } | { readonly kind: "file"; readonly path: string };

/**
 * A secret the install media need, with a stable key naming its use (`lab.local/admin-password`,
 * `web/ops/password-hash`). Templates hold `@HOMELAB_GEN_SECRET:<key>@` in its place.
 */
export interface MediaSecret {
  readonly key: string;
  readonly source: VmSecretSource;
}

/** The placeholder a template holds for a secret; replaced on the host by `assemble.sh`. */
export const secretPlaceholder = (key: string): string => `@HOMELAB_GEN_SECRET:${key}@`;
