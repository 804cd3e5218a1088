import * as z from "./zod.js";
import { hostPath } from "./common.js";

const account = z.string().check(z.regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a host account or group name (lowercase letters, digits, '_', '-')"));

/** A key's file name: it becomes a path on the host and a systemd unit name (`<name>-key.service`). */
export const keyName = z.string().check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "key names are file names: letters, digits, '.', '_' or '-', starting with a letter or digit"),
);

/** What the DSL hands over for one key of a host. */
export const hostKeyInput = z
  .strictObject({
    command: z.optional(z.array(z.string()).check(z.minLength(1, "command needs at least the program"))),
    file: z.optional(hostPath),
    destDir: z._default(hostPath, "/run/keys"),
    user: z._default(account, "root"),
    group: z._default(account, "root"),
    permissions: z._default(z.string().check(z.regex(/^0?[0-7]{3}$/, 'permissions is an octal mode such as "0600"')), "0600"),
    uploadAt: z._default(z.enum(["pre-activation", "post-activation"]), "pre-activation"),
  })
  .check(
    z.refine((k) => (k.command === undefined) !== (k.file === undefined), {
      message: "give exactly one of command and file (a key's content never goes into the topology)",
    }),
  );

/** A secret file uploaded at deploy time: where it comes from on the deploying machine, where it goes. */
export interface ModelHostKey {
  readonly name: string;
  readonly from: { readonly command: readonly string[] } | { readonly file: string };
  readonly destDir: string;
  readonly user: string;
  readonly group: string;
  readonly permissions: string;
  readonly uploadAt: "pre-activation" | "post-activation";
}

/** Keys sorted by name, their source as one of command or file. */
export const normalizeHostKeys = (keys: Readonly<Record<string, z.output<typeof hostKeyInput>>>): ModelHostKey[] =>
  Object.entries(keys)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, { command, file, ...rest }]) => ({ name, from: command !== undefined ? { command } : { file: file! }, ...rest }));
