import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

/** The repository root, which bench runs commands in. */
export const ROOT = resolve(import.meta.dirname, "../..");

/** One line of the report: what, the figure, the times behind it, the target. */
export type Row = readonly [what: string, figure: string, detail: string, target: string];

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Wall time of a fresh process `node ARGS`, median of `runs`; `args(i)` when each run needs its own
 * (a new folder), `env(i)` for variables of its own (a new cache folder).
 */
export function coldMs(args: string[] | ((run: number) => string[]), runs: number, env?: (run: number) => NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const argv = typeof args === "function" ? args(i) : args;
    const t = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], ...(env && { env: { ...process.env, ...env(i) } }) });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}`);
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

/** {@link warmMs} of asynchronous work (a layout). */
export async function warmAsyncMs(once: () => Promise<unknown>, runs: number): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  return median(times);
}
