/**
 * Where a container's secret comes from when it starts. The value itself never appears in a
 * generated file or the Nix store: units hold only the reference.
 *
 * @example
 * secrets: { TS_AUTHKEY: opRead("op://DevBox/alice-tailscale-authkey/password"), DB_PASSWORD: podmanSecret("db") }
 */
export type Secret =
  | { readonly kind: "podman-secret"; readonly name: string }
  | { readonly kind: "command"; readonly argv: readonly string[]; readonly environmentFile?: string }
  | { readonly kind: "env-file"; readonly path: string }
  | { readonly kind: "file"; readonly path: string };

/**
 * A secret stored in podman (`podman secret create NAME -`), handed to the container as the
 * environment variable. Needs podman 4.5 (Quadlet `Secret=`).
 *
 * @example
 * myLab.container("db", { image: "docker.io/library/postgres:16", secrets: { POSTGRES_PASSWORD: podmanSecret("pg-password") } });
 */
export const podmanSecret = (name: string): Secret => ({ kind: "podman-secret", name });

/**
 * A command run on the host each time the container starts; its standard output (trailing
 * newlines removed) becomes the variable. `environmentFile` is a host file of `KEY=value` lines
 * the command needs (an API token, say), read by systemd and kept out of the generated files.
 *
 * @example
 * secretFromCommand(["/usr/local/bin/vault", "kv", "get", "-field=key", "secret/app"])
 */
export const secretFromCommand = (argv: readonly string[], opts: { readonly environmentFile?: string } = {}): Secret => ({
  kind: "command",
  argv,
  ...(opts.environmentFile !== undefined && { environmentFile: opts.environmentFile }),
});

/**
 * 1Password: `op read <reference>` at each start. `op` authenticates with a service account
 * token, `OP_SERVICE_ACCOUNT_TOKEN=...` in `tokenFile` (a host file, never generated).
 *
 * @example
 * opRead("op://DevBox/alice-tailscale-authkey/password", { tokenFile: "/etc/devbox/op-alice.env", op: "/run/current-system/sw/bin/op" })
 */
export const opRead = (reference: string, opts: { readonly tokenFile?: string; readonly op?: string } = {}): Secret =>
  secretFromCommand([opts.op ?? "op", "read", reference], opts.tokenFile === undefined ? {} : { environmentFile: opts.tokenFile });

/**
 * A host file of `KEY=value` lines (readable by the container's user) that defines the variable;
 * podman reads it at start (`--env-file`).
 *
 * @example
 * secretFromEnvFile("/etc/app/secrets.env")
 */
export const secretFromEnvFile = (path: string): Secret => ({ kind: "env-file", path });

/**
 * A host file whose whole content (trailing newlines removed) is the secret, read by root when the
 * lab's install media are assembled. For VM secrets (answer-file passwords, cloud-init password
 * hashes); keep the file mode 0600.
 *
 * @example
 * lab.activeDirectory("lab.local", { adminPassword: secretFromFile("/etc/homelab-gen/domain-admin") })
 */
export const secretFromFile = (path: string): Secret => ({ kind: "file", path });
