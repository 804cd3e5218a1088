/** A binary size unit, as libvirt and NixVirt spell it. */
export type SizeUnit = "B" | "KiB" | "MiB" | "GiB" | "TiB";

/** An amount of memory or storage: a count and its unit, e.g. 60 GiB. */
export interface Size {
  readonly count: number;
  readonly unit: SizeUnit;
}

/**
 * Mebibytes.
 *
 * @example
 * lab.linuxVm("dns", { memory: mib(512) });
 */
export const mib = (count: number): Size => ({ count, unit: "MiB" });

/**
 * Gibibytes.
 *
 * @example
 * pool.volume("dc01", { capacity: gib(60) });
 */
export const gib = (count: number): Size => ({ count, unit: "GiB" });

/**
 * Tebibytes.
 *
 * @example
 * pool.volume("media", { capacity: tib(2), format: "raw" });
 */
export const tib = (count: number): Size => ({ count, unit: "TiB" });

/**
 * Kibibytes (imported VMs and volumes whose size is not a whole number of MiB).
 *
 * @example
 * lab.linuxVm("tiny", { memory: kib(219136) });
 */
export const kib = (count: number): Size => ({ count, unit: "KiB" });

/**
 * Bytes (imported volumes whose size is not a whole number of KiB).
 *
 * @example
 * pool.volume("odd", { capacity: bytes(27_000_000_000), format: "raw" });
 */
export const bytes = (count: number): Size => ({ count, unit: "B" });
