// Container templates: declaring, validating and generating labs with many templates (each a
// bin/<template>-ctl script with its units), as a ratio of sizes and against the devbox example.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gib, lab, opRead } from "../dsl/index.js";
import { generateAll } from "../generators/index.js";
import { buildModel } from "../model/build.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A lab of `count` hosts with one template each (a host has one), shaped like the devbox example's. */
function templatesLab(count: number) {
  const l = lab("bench");
  const image = l.image("dev", { tag: "1", packages: ["bashInteractive"] });
  for (let i = 0; i < count; i++) {
    l.containerTemplate(`t${i}`, {
      host: l.host(`h${i}`, { podman: { version: "5.4" } }), users: ["alice", "bob"], image, exec: ["serve"], limits: { perUser: 5, total: 7 },
      home: { path: "/home/dev", volume: "{name}-data" }, cpus: 2, memory: gib(4),
      env: { CONTAINER_NAME: "{name}", TS_TAGS: "tag:devcontainer,tag:{user}-container" },
      secrets: { TS_AUTHKEY: opRead("op://DevBox/{user}-tailscale-authkey/password", { tokenFile: "/etc/op-{user}.env" }) },
      flags: { syncthing: { env: { SYNCTHING: "1" }, help: "run Syncthing" } },
      connect: ["ssh dev@{name}"], tailscale: {},
    });
  }
  return l;
}

function generateMs(count: number, runs: number, root: string): number {
  const once = () => {
    const t = performance.now();
    const built = buildModel(templatesLab(count), join(root, "bench/control-command.ts"), root);
    if (!built.ok) throw new Error(`template lab invalid: ${built.diagnostics[0]?.message}`);
    const files = generateAll(built.model, { target: "nixos", outDir: join(root, "generated/bench") });
    if (files.size < count) throw new Error("a command is missing");
    return performance.now() - t;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

/**
 * Rows for bench.ts: 100 hosts with a template each against 10 (linear scaling), and the cost of
 * one template. (Beyond a few hundred hosts the NixOS wiring's per-host scans of every unit's
 * placements dominate; that is the hosts' cost, not the templates'.)
 */
export function controlCommandRows(root: string): string[][] {
  const small = generateMs(10, 9, root);
  const large = generateMs(100, 5, root);
  return [
    ["templates: 100 hosts with one / 10 hosts", `${(large / small).toFixed(2)}x`, `${large.toFixed(0)} ms / ${small.toFixed(0)} ms`, "<= 12"],
    ["templates: one template's command and units", `${(large / 100).toFixed(2)} ms`, "", "<= 5 ms"],
  ];
}
