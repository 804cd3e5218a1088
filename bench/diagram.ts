// Diagram figures: what laying out costs when a diagram must be written, and a large lab's diagram.
import { join } from "node:path";
import { diagramSvg } from "../cli/diagram-svg.js";
import { diagramSources } from "../generators/diagram/index.js";
import { buildModel } from "../model/build.js";
import { coldMs, ROOT, warmAsyncMs, type Row } from "./measure.js";
import { syntheticLab } from "./synthetic.js";

/** Rows of the benchmark table: what, figure, detail, target. */
export async function diagramRows({ cli, out, node }: { cli: string; out: string; node: number }): Promise<Row[]> {
  // A fresh folder each run: topology.svg must be laid out (Graphviz loaded) every time.
  const laidOut = coldMs((i) => [cli, "examples/sccm.ts", "--out", join(out, `sccm-fresh-${i}`), "--quiet"], 9);
  const noDiagram = coldMs((i) => [cli, "examples/sccm.ts", "--out", join(out, `sccm-plain-${i}`), "--quiet", "--no-diagram"], 9);
  const built = buildModel(syntheticLab({ vms: 1000, networks: 100, pools: 20 }), join(ROOT, "bench/synthetic.ts"), ROOT);
  if (!built.ok) throw new Error(`synthetic lab invalid: ${built.diagnostics[0]?.message}`);
  const large = await warmAsyncMs(() => diagramSvg(diagramSources(built.model, { portable: false })), 3);
  return [
    ["cold sccm, new folder, laid out / `node -e 0`", `${(laidOut / node).toFixed(2)}x`, `${laidOut.toFixed(0)} ms / ${node.toFixed(0)} ms`, "informational"],
    ["cold sccm, new folder, --no-diagram / `node -e 0`", `${(noDiagram / node).toFixed(2)}x`, `${noDiagram.toFixed(0)} ms / ${node.toFixed(0)} ms`, "informational"],
    ["diagram of synth 1,000 VMs (DOT + layout, warm)", `${large.toFixed(0)} ms`, "", "<= 1000 ms"],
  ];
}
