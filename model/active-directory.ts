import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { vmSecretSource, type MediaSecret } from "./vm-secret.js";

// A DNS name of at least two labels (Install-ADDSForest refuses single-label names).
const DNS_NAME = /^(?=.{1,63}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// NetBIOS domain names: at most 15 characters, no dots, none of \ / : * ? " < > | and not all digits.
const NETBIOS = /^(?!\d+$)[A-Za-z0-9!@#$%^&'()_{}~-]{1,15}$/;

/** What the DSL hands over for an Active Directory domain. */
export const activeDirectoryInput = z.strictObject({
  name: z.string().check(z.regex(DNS_NAME, "a domain name is a DNS name of two or more labels, e.g. lab.local")),
  netbios: z.optional(z.string().check(z.regex(NETBIOS, "a NetBIOS domain name is 1-15 letters, digits or -_ and not only digits"))),
  adminPassword: vmSecretSource,
  safeModePassword: z.optional(vmSecretSource),
});

/** An Active Directory domain, normalized: NetBIOS name and both secrets set. */
export interface ModelActiveDirectory {
  /** DNS name of the domain, e.g. `lab.local`. */
  readonly name: string;
  readonly netbios: string;
  readonly adminPassword: MediaSecret;
  readonly safeModePassword: MediaSecret;
  readonly source: SourceLocation;
}

/** Normalize a domain: NetBIOS name from the first label, secrets keyed by the domain. */
export function normalizeActiveDirectory(input: z.output<typeof activeDirectoryInput>, source: SourceLocation): ModelActiveDirectory {
  const admin = { key: `${input.name}/admin-password`, source: input.adminPassword };
  return {
    name: input.name,
    netbios: input.netbios ?? input.name.split(".")[0]!.toUpperCase().slice(0, 15),
    adminPassword: admin,
    safeModePassword: input.safeModePassword === undefined ? admin : { key: `${input.name}/safe-mode-password`, source: input.safeModePassword },
    source,
  };
}
