import type { Size } from "../../dsl/units.js";

// libvirt's scaled integers (docs: "Storage units"): powers of 1000 with a B, powers of 1024 without.
const SCALE: Readonly<Record<string, number>> = {
  b: 1, bytes: 1,
  kb: 1e3, k: 1024, kib: 1024,
  mb: 1e6, m: 1024 ** 2, mib: 1024 ** 2,
  gb: 1e9, g: 1024 ** 3, gib: 1024 ** 3,
  tb: 1e12, t: 1024 ** 4, tib: 1024 ** 4,
  pb: 1e15, p: 1024 ** 5, pib: 1024 ** 5,
};

/**
 * A libvirt size (`<capacity unit='G'>10</capacity>`) in bytes; `undefined` when the number or
 * the unit is not one libvirt takes, or the result is not a safe integer.
 *
 * @example
 * sizeInBytes("4", "GiB") // 4294967296
 */
export function sizeInBytes(count: string, unit: string): number | undefined {
  const scale = SCALE[unit.toLowerCase()];
  if (scale === undefined || !/^\s*\d+\s*$/.test(count)) return undefined;
  const bytes = Number(count.trim()) * scale;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

const UNITS = [
  ["TiB", 1024 ** 4],
  ["GiB", 1024 ** 3],
  ["MiB", 1024 ** 2],
  ["KiB", 1024],
  ["B", 1],
] as const;

/**
 * Bytes as a DSL size in the largest unit that divides them exactly.
 *
 * @example
 * sizeOf(4294967296) // { count: 4, unit: "GiB" }
 */
export function sizeOf(bytes: number): Size {
  const [unit, scale] = UNITS.find(([, s]) => bytes % s === 0)!;
  return { count: bytes / scale, unit };
}
