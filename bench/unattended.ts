// Install media in the benchmark: the same synthetic lab generated as it is, and with every VM
// installing unattended (Windows in one domain, Linux with cloud-init).
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generateAll } from "../generators/index.js";
import { buildModel } from "../model/build.js";
import { syntheticLab, type LabShape } from "./synthetic.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeMs(shape: LabShape, root: string, runs: number): number {
  const once = () => {
    const t = performance.now();
    const built = buildModel(syntheticLab(shape), join(root, "bench/synthetic.ts"), root);
    if (!built.ok) throw new Error(`synthetic lab invalid: ${built.diagnostics[0]?.message}`);
    generateAll(built.model, { target: "nixos", outDir: join(root, "generated/bench") });
    return performance.now() - t;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

/** One bench row: 1,000 VMs with install media against the same lab without. */
export function unattendedRow(root: string): string[] {
  const plain = timeMs({ vms: 1000, networks: 100, pools: 20 }, root, 5);
  const media = timeMs({ vms: 1000, networks: 100, pools: 20, media: true }, root, 5);
  return ["synth 1,000 VMs with install media / without", `${(media / plain).toFixed(2)}x`, `${media.toFixed(0)} ms / ${plain.toFixed(0)} ms`, "<= 4"];
}
