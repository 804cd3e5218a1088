import { createHash } from "node:crypto";
import { v5 as uuidv5 } from "uuid";

// Fixed namespace: changing it would change every derived UUID of every user.
const NAMESPACE = "5f0d7b1e-3c4a-5e2b-9d61-7a8c2f4e1b90";

/**
 * A stable UUID (v5) for a resource, from the lab, the kind and the name only, so renaming one
 * resource changes only its own id.
 *
 * @example
 * deriveUuid("sccm", "vm", "DC01"); // always the same UUID
 */
export const deriveUuid = (lab: string, kind: string, name: string): string =>
  uuidv5(`${lab}/${kind}/${name}`, NAMESPACE);

/**
 * A stable locally administered MAC in QEMU's `52:54:00` range: three bytes of a hash of `parts`.
 *
 * @example
 * deriveMac("sccm", "vm", "DC01", "nic", "lab-net"); // "52:54:00:xx:xx:xx"
 */
export function deriveMac(...parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("/")).digest();
  return ["52", "54", "00", ...[0, 1, 2].map((i) => digest[i]!.toString(16).padStart(2, "0"))].join(":");
}

/** A short stable hex tag of `parts`, for derived names such as bridge names. */
export const shortHash = (...parts: string[]): string =>
  createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 8);

/**
 * Whether `s` is a UUID in canonical text form (8-4-4-4-12 hex digits). Any 128 bits, as libvirt
 * takes them: UUIDs of existing objects (imported) need not carry an RFC 4122 version.
 */
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Whether `s` is a unicast MAC address `xx:xx:xx:xx:xx:xx`. */
export const isMac = (s: string): boolean =>
  /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(s) && (parseInt(s.slice(0, 2), 16) & 1) === 0;
