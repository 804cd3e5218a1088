import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

/** The repository root, which bench runs commands in. */
export const ROOT = resolve(import.meta.dirname, "../..");

/** One line of the report: what, the figure, the times behind it, the target. */
export type Row = readonly [what: string, figure: string, detail: string, target: string];

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of a fresh process `node ARGS`, median of `runs`. */
export function coldMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  }
  return median(times);
}

/** Median time of `once` over `runs`, after one warm-up. */
export function warmMs(once: () => void, runs: number): number {
  once();
  return median(
    Array.from({ length: runs }, () => {
      const t = performance.now();
      once();
      return performance.now() - t;
    }),
  );
}
