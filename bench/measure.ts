// Timing helpers of the benchmark.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

export const ROOT = resolve(import.meta.dirname, "../..");

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of a fresh process, median of `runs`; `args(i)` may vary per run. */
export function coldMs(args: string[] | ((run: number) => string[]), runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const argv = typeof args === "function" ? args(i) : args;
    const t = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}`);
  }
  return median(times);
}

/** Median in-process time of `once` over `runs`, after one warm-up. */
export async function warmMs(once: () => unknown, runs: number): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  return median(times);
}
