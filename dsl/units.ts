/** A binary size unit, as libvirt and NixVirt spell it. */
export type SizeUnit = "MiB" | "GiB" | "TiB";

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
