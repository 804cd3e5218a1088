import * as z from "./zod.js";

/** Where a deploy engine reaches a host over SSH. `user` unset: the engine's default (root). */
export interface TargetHost {
  readonly address: string;
  readonly user?: string;
  readonly port?: number;
}

// user@ (a login name), then a DNS name, an IPv4 address or a bracketed IPv6 address, then :port.
const TARGET = /^(?:([a-z_][a-z0-9_.-]{0,31})@)?(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?))(?::([0-9]{1,5}))?$/;

/**
 * `"address"`, `"user@address"` or `"user@address:port"` (IPv6 in brackets) split into its parts;
 * `undefined` when it is none of these.
 *
 * @example
 * parseTargetHost("root@10.0.0.11:2222"); // { user: "root", address: "10.0.0.11", port: 2222 }
 */
export function parseTargetHost(text: string): TargetHost | undefined {
  const m = TARGET.exec(text);
  if (!m) return undefined;
  const [, user, v6, name, port] = m;
  const number = port === undefined ? undefined : Number(port);
  if (number !== undefined && (number < 1 || number > 65535)) return undefined;
  if (v6 !== undefined && !v6.includes(":")) return undefined;
  return { address: (v6 ?? name)!, ...(user !== undefined && { user }), ...(number !== undefined && { port: number }) };
}

/** A `targetHost` as the DSL hands it over, parsed. */
export const targetHost = z.pipe(
  z.string().check(
    z.refine((s) => parseTargetHost(s) !== undefined, {
      message: 'targetHost must be "address", "user@address" or "user@address:port" (IPv6 in brackets, port 1-65535)',
    }),
  ),
  z.transform((s) => parseTargetHost(s)!),
);
