import * as z from "./zod.js";

// Where a container or a job runs: a host of the lab and an account on it.

/** What a host account name may look like. */
export const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** A host account that runs rootless podman (root is the rootful case: omit `user`). */
export const hostUser = z.string().check(
  z.regex(ACCOUNT_NAME, "user must be a host account name (lowercase letters, digits, '_', '-')"),
  z.refine((u) => u !== "root", { message: 'omit user for rootful containers instead of "root"' }),
);

/** The host a resource runs on when it names none: the lab's only host (several hosts are reported by the checks). */
export const defaultHost = (hosts: readonly { name: string }[]): string | undefined => (hosts.length === 1 ? hosts[0]!.name : undefined);

