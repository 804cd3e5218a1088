// `npm run bench`: speed figures as ratios measured in one run (absolute times vary by machine).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { generateAll } from "../generators/index.js";
import { buildModel } from "../model/build.js";
import { controlCommandRows } from "./control-command.js";
import { fleetRows } from "./fleet.js";
import { importRows } from "./import.js";
import { syntheticLab, type LabShape } from "./synthetic.js";
import { unattendedRow } from "./unattended.js";
import { nopromptRows } from "./noprompt.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/homelab-gen.mjs");

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of a fresh process, median of `runs`. */
function coldMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  }
  return median(times);
}

/** Declare, validate and generate a synthetic lab in this process; median of `runs` after one warm-up. */
function synthMs(shape: LabShape, runs: number): number {
  const once = () => {
    const t = performance.now();
    const l = syntheticLab(shape);
    const built = buildModel(l, join(ROOT, "bench/synthetic.ts"), ROOT);
    if (!built.ok) throw new Error(`synthetic lab invalid: ${built.diagnostics[0]?.message}`);
    const files = generateAll(built.model, { target: "nixos", outDir: join(ROOT, "generated/bench") });
    if (files.size === 0) throw new Error("nothing generated");
    return performance.now() - t;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

const out = mkdtempSync(join(tmpdir(), "hlg-bench-"));
try {
  const node = coldMs(["-e", "0"], 15);
  const cold = coldMs([CLI, "examples/sccm.ts", "--out", join(out, "sccm"), "--quiet"], 15);
  const small = synthMs({ vms: 1000, networks: 100, pools: 20 }, 5);
  const large = synthMs({ vms: 10000, networks: 100, pools: 20 }, 3);
  const rows = [
    ["cold `homelab-gen examples/sccm.ts` / `node -e 0`", `${(cold / node).toFixed(2)}x`, `${cold.toFixed(0)} ms / ${node.toFixed(0)} ms`, "<= 3"],
    ["synth 1,000 VMs / 100 networks / 20 pools", `${small.toFixed(0)} ms`, "", "<= 300 ms"],
    ["synth 10,000 VMs / synth 1,000 VMs", `${(large / small).toFixed(2)}x`, `${large.toFixed(0)} ms / ${small.toFixed(0)} ms`, "<= 12"],
    ...importRows(ROOT, CLI),
    ...controlCommandRows(ROOT),
    ...fleetRows(),
    unattendedRow(ROOT),
    ...nopromptRows(),
  ];
  for (const [what, figure, detail, target] of rows) console.log(`${what!.padEnd(52)} ${figure!.padStart(8)}  ${detail!.padEnd(22)} target ${target}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
