import { join } from "node:path";
import { generateAll } from "../generators/index.js";
import { buildModel } from "../model/build.js";
import { ROOT, warmMs, type Row } from "./measure.js";
import { syntheticContainerLab, type ContainerLabShape } from "./synthetic-containers.js";

/** Declare, validate and generate a synthetic container lab in this process. */
function containerLabMs(shape: ContainerLabShape, runs: number): number {
  return warmMs(() => {
    const built = buildModel(syntheticContainerLab(shape), join(ROOT, "bench/synthetic-containers.ts"), ROOT);
    if (!built.ok) throw new Error(`synthetic container lab invalid: ${built.diagnostics[0]?.message}`);
    if (generateAll(built.model, { target: "nixos", outDir: join(ROOT, "generated/bench") }).size === 0) throw new Error("nothing generated");
  }, runs);
}

/** Containers scale linearly: 10,000 containers (each with a volume and a published port, over 200 hosts) against 1,000. */
export function containerRows(): Row[] {
  const small = containerLabMs({ containers: 1000, hosts: 200 }, 5);
  const large = containerLabMs({ containers: 10000, hosts: 200 }, 3);
  return [["synth 10,000 containers / 1,000 (200 hosts)", `${(large / small).toFixed(2)}x`, `${large.toFixed(0)} ms / ${small.toFixed(0)} ms`, "<= 12"]];
}
