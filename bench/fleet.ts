// `npm run bench`: a fleet of 50 hosts against one host carrying the same VMs and containers.
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { gib, lab, type Host, type Lab } from "../dsl/index.js";
import { generateAll } from "../generators/index.js";
import { buildModel } from "../model/build.js";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * `vms` VMs and `containers` containers over `hosts` hosts (all on one host when `hosts` is 1, then
 * with no placement at all): a pool and a NAT network per host share (50 of each either way), and
 * one bridged VLAN network every VM is also on.
 */
export function fleetLab(hosts: number, vms: number, containers: number, shares = 50): Lab {
  const l = lab("bench-fleet");
  const machines: Host[] = Array.from({ length: hosts }, (_, i) => l.host(`h${i}`, { targetHost: `root@10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, tags: [`rack${i % 5}`] }));
  const on = (i: number) => (hosts === 1 ? {} : { host: machines[i % hosts]! });
  const uplink = hosts === 1 ? "eno1" : Object.fromEntries(machines.map((m) => [m.name, "eno1"]));
  const lan = l.network("lan", { mode: "bridge", bridge: "br-lan", vlan: 20, uplink, subnet: "10.200.0.0/16" });
  const nats = Array.from({ length: shares }, (_, i) => l.network(`nat${i}`, { ...on(i), subnet: `10.${100 + Math.floor(i / 200)}.${i % 200}.0/24`, bridge: `virbr${i}` }));
  const pools = Array.from({ length: shares }, (_, i) => l.pool(`pool${i}`, { ...on(i), path: `/srv/pool${i}` }));
  for (let i = 0; i < vms; i++) {
    const share = i % shares;
    l.linuxVm(`vm${i}`, {
      ...on(share),
      memory: gib(2),
      disk: pools[share]!.volume(`vm${i}`, { capacity: gib(20) }),
      nics: [{ network: lan, ip: `10.200.${Math.floor(i / 250)}.${(i % 250) + 2}` }, { network: nats[share]! }],
    });
  }
  for (let i = 0; i < containers; i++) {
    l.container(`c${i}`, { ...on(i % shares), image: "docker.io/library/nginx:1.27", ports: [{ host: 10000 + i, container: 80 }], restart: "always" });
  }
  return l;
}

/** Declare, validate and generate; median of `runs` after one warm-up. */
function timeMs(make: () => Lab, runs: number): number {
  const once = () => {
    const t = performance.now();
    const built = buildModel(make(), join(ROOT, "bench/fleet.ts"), ROOT);
    if (!built.ok) throw new Error(`fleet bench lab invalid: ${built.diagnostics[0]?.message}`);
    if (generateAll(built.model, { target: "nixos", outDir: join(ROOT, "generated/bench") }).size === 0) throw new Error("nothing generated");
    return performance.now() - t;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

/** The figure: 50 hosts against one, same 1,000 VMs and 1,000 containers. */
export function fleetRows(): string[][] {
  const one = timeMs(() => fleetLab(1, 1000, 1000), 5);
  const fifty = timeMs(() => fleetLab(50, 1000, 1000), 5);
  return [["fleet 50 hosts / 1 host (1,000 VMs, 1,000 containers)", `${(fifty / one).toFixed(2)}x`, `${fifty.toFixed(0)} ms / ${one.toFixed(0)} ms`, "<= 2"]];
}
