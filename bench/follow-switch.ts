// Figure for the wiring that makes containers follow a switch (generators/nixos/follow-switch.ts):
// it must grow linearly with the containers it restarts. Measured on the wiring alone, with
// hand-made units, so the figure is not the model's checks or Quadlet unit printing.
import { performance } from "node:perf_hooks";
import { followSwitchEntries } from "../generators/nixos/follow-switch.js";
import type { QuadletUnit } from "../generators/quadlet/units.js";
import type { Model } from "../model/model.js";
import { path } from "../syntax/nix/ast.js";

/** Half rootful, half rootless over 50 users, each container with a volume; registry images. */
function fixture(containers: number): { model: Model; units: QuadletUnit[] } {
  const cs = Array.from({ length: containers }, (_, i) => ({
    name: `c${i}`,
    ...(i % 2 === 1 && { user: `u${i % 100}` }),
    image: { kind: "registry", reference: "docker.io/library/alpine:3" },
    wantedBy: i % 3 === 0 ? [] : ["default.target"],
  }));
  const units: QuadletUnit[] = cs.flatMap((c) => [
    { file: `${c.name}.container`, text: `[Container]\nImage=x\n`, placements: [{ ...(c.user && { user: c.user }) }], service: `${c.name}.service` },
    { file: `${c.name}-data.volume`, text: `[Volume]\n`, placements: [{ ...(c.user && { user: c.user }) }], service: `${c.name}-data-volume.service` },
  ]);
  return { model: { lab: { name: "bench" }, containers: cs, images: [], hosts: [] } as unknown as Model, units };
}

/**
 * Median milliseconds of the wiring for `containers` containers, each sample `repeat` calls whose
 * results are all kept until it ends, divided by `repeat`: wiring 1,000 containers ten times
 * allocates and keeps as much as 10,000 once, so garbage collection weighs the same on both sides
 * of the ratio and the ratio shows how the wiring itself grows.
 */
function wiringMs(containers: number, runs: number, repeat: number): number {
  const { model, units } = fixture(containers);
  const textOf = (file: string) => path(`./quadlet/${file}`);
  const once = () => {
    const kept: unknown[] = [];
    const t = performance.now();
    for (let i = 0; i < repeat; i++) kept.push(followSwitchEntries(model, units, () => true, textOf));
    const ms = (performance.now() - t) / repeat;
    if (kept.length !== repeat) throw new Error("no wiring");
    return ms;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The bench row: 10,000 / 1,000 containers, target at most 12 (linear, with noise). */
export function followSwitchRow(): [string, string, string, string] {
  const small = wiringMs(1000, 7, 10);
  const large = wiringMs(10000, 7, 1);
  return ["follow-a-switch wiring, 10,000 / 1,000 containers", `${(large / small).toFixed(2)}x`, `${large.toFixed(0)} ms / ${small.toFixed(1)} ms`, "<= 12"];
}
