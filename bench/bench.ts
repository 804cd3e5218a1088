// `npm run bench`: speed figures as ratios measured in one run (absolute times vary by machine).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateAll } from "../generators/index.js";
import { buildModel } from "../model/build.js";
import { checkRows } from "./check.js";
import { containerRows } from "./containers.js";
import { coldMs, ROOT, warmMs } from "./measure.js";
import { controlCommandRows } from "./control-command.js";
import { diagramRows } from "./diagram.js";
import { fleetRows } from "./fleet.js";
import { followSwitchRow } from "./follow-switch.js";
import { importRows } from "./import.js";
import { syntheticLab, type LabShape } from "./synthetic.js";
import { unattendedRow } from "./unattended.js";
import { nopromptRows } from "./noprompt.js";

const CLI = join(ROOT, "dist/homelab-gen.mjs");

/** Declare, validate and generate a synthetic lab in this process; median of `runs` after one warm-up. */
function synthMs(shape: LabShape, runs: number): number {
  return warmMs(() => {
    const built = buildModel(syntheticLab(shape), join(ROOT, "bench/synthetic.ts"), ROOT);
    if (!built.ok) throw new Error(`synthetic lab invalid: ${built.diagnostics[0]?.message}`);
    if (generateAll(built.model, { target: "nixos", outDir: join(ROOT, "generated/bench") }).size === 0) throw new Error("nothing generated");
  }, runs);
}

const out = mkdtempSync(join(tmpdir(), "hlg-bench-"));
try {
  const node = coldMs(["-e", "0"], 15);
  const cold = coldMs([CLI, "examples/sccm.ts", "--out", join(out, "sccm"), "--quiet"], 15);
  const small = synthMs({ vms: 1000, networks: 100, pools: 20 }, 5);
  const large = synthMs({ vms: 10000, networks: 100, pools: 20 }, 3);
  const rows: (readonly string[])[] = [
    ["cold `homelab-gen examples/sccm.ts` / `node -e 0`", `${(cold / node).toFixed(2)}x`, `${cold.toFixed(0)} ms / ${node.toFixed(0)} ms`, "<= 3"],
    ["synth 1,000 VMs / 100 networks / 20 pools", `${small.toFixed(0)} ms`, "", "<= 300 ms"],
    ["synth 10,000 VMs / synth 1,000 VMs", `${(large / small).toFixed(2)}x`, `${large.toFixed(0)} ms / ${small.toFixed(0)} ms`, "<= 12"],
    ...containerRows(),
    ...checkRows(node, out),
    ...importRows(ROOT, CLI),
    ...controlCommandRows(ROOT),
    ...fleetRows(),
    unattendedRow(ROOT),
    ...nopromptRows(),
    followSwitchRow(),
    ...(await diagramRows({ cli: CLI, out, node })),
  ];
  for (const [what, figure, detail, target] of rows) console.log(`${what!.padEnd(58)} ${figure!.padStart(8)}  ${detail!.padEnd(22)} target ${target}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
