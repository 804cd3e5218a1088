import * as z from "./zod.js";
import { isIpv4 } from "./ip.js";
import { vmSecretSource, type MediaSecret } from "./vm-secret.js";

const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const user = z.strictObject({
  name: z.string().check(z.regex(USER, "user names are lower-case letters, digits, '_' and '-', at most 32, starting with a letter or '_'")),
  sshKeys: z._default(z.array(z.string().check(z.regex(/^\S+ \S+( .*)?$/, "an SSH public key looks like `ssh-ed25519 AAAA... comment`"), z.refine((k) => !/[\r\n]/.test(k), "an SSH key is one line"))), []),
  sudo: z._default(z.boolean(), false),
  groups: z._default(z.array(z.string().check(z.regex(USER, "group names are like user names"))), []),
  shell: z.optional(z.string().check(z.refine((s) => s.startsWith("/"), "shell is an absolute path"))),
  passwordHash: z.optional(vmSecretSource),
});

/** What the DSL hands over as a Linux VM's `cloudInit`. */
export const cloudInitInput = z.strictObject({
  hostname: z.optional(z.string().check(z.regex(HOSTNAME, "a host name is letters, digits and '-', at most 63"))),
  users: z._default(z.array(user), []),
  packages: z._default(z.array(z.string().check(z.minLength(1))), []),
  packageUpgrade: z._default(z.boolean(), false),
  runcmd: z._default(z.array(z.union([z.string(), z.array(z.string()).check(z.minLength(1, "a runcmd list needs the program"))])), []),
  writeFiles: z._default(
    z.array(
      z.strictObject({
        path: z.string().check(z.refine((p) => p.startsWith("/"), "write_files paths are absolute")),
        content: z.string(),
        permissions: z.optional(z.string().check(z.regex(/^0?[0-7]{3,4}$/, 'permissions are octal, e.g. "0644"'))),
        owner: z.optional(z.string().check(z.regex(/^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$/, "owner is user or user:group"))),
      }),
    ),
    [],
  ),
  nameservers: z.optional(z.array(z.string().check(z.refine(isIpv4, "nameservers are IPv4 addresses")))),
  instanceId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "an instance ID is letters, digits, '.', '_' and '-'"))),
});

/** A cloud-init user, normalized (its password hash keyed `<vm>/<user>/password-hash`). */
export type ModelCloudInitUser = Omit<z.output<typeof user>, "passwordHash"> & { readonly passwordHash?: MediaSecret };

/** A Linux VM's cloud-init seed settings, normalized. */
export type ModelCloudInit = Omit<z.output<typeof cloudInitInput>, "users" | "hostname" | "instanceId"> & {
  readonly hostname: string;
  readonly instanceId: string;
  readonly users: readonly ModelCloudInitUser[];
};

/** Normalize `cloudInit`: host name and instance ID defaults, secrets keyed by VM and user. */
export function normalizeCloudInit(vm: { name: string; uuid: string }, input: z.output<typeof cloudInitInput>): ModelCloudInit {
  const { users, hostname, instanceId, ...rest } = input;
  return {
    ...rest,
    hostname: hostname ?? vm.name,
    instanceId: instanceId ?? `iid-${vm.uuid}`,
    users: users.map(({ passwordHash, ...u }) => ({
      ...u,
      ...(passwordHash !== undefined && { passwordHash: { key: `${vm.name}/${u.name}/password-hash`, source: passwordHash } }),
    })),
  };
}
