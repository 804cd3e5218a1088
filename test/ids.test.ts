import { describe, expect, it } from "vitest";
import { deriveMac, deriveUuid, isMac, isUuid } from "../model/ids.js";
import { build, topo } from "./support/topology.js";

const lines = (renamed: string) =>
  topo(
    `const lan = l.network("lan", { subnet: "10.0.0.0/24" });`,
    `l.linuxVm("${renamed}", { memory: gib(1), disk: pool.volume("a", { capacity: gib(1) }), nics: [{ network: lan }, { network: lan }] });`,
    `l.linuxVm("B", { memory: gib(1), disk: pool.volume("b", { capacity: gib(1) }), nics: [{ network: lan }] });`,
  );

describe("derived ids", () => {
  it("UUIDs are v5 and MACs are in QEMU's 52:54:00 range, stable across calls", () => {
    expect(isUuid(deriveUuid("lab", "vm", "x"))).toBe(true);
    expect(deriveUuid("lab", "vm", "x")).toBe(deriveUuid("lab", "vm", "x"));
    expect(deriveUuid("lab", "vm", "x")[14]).toBe("5");
    expect(deriveMac("lab", "vm", "x")).toMatch(/^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(isMac(deriveMac("a"))).toBe(true);
  });

  it("renaming one VM changes only that VM's ids", () => {
    const before = build(lines("A"));
    const after = build(lines("A2"));
    if (!before.ok || !after.ok) throw new Error("topologies must be valid");
    const [a1, b1] = before.model.vms;
    const [a2, b2] = after.model.vms;
    expect(b2).toEqual({ ...b1, source: b2!.source });
    expect(a2!.uuid).not.toBe(a1!.uuid);
    expect(a2!.nics.map((n) => n.mac)).not.toEqual(a1!.nics.map((n) => n.mac));
    expect(after.model.networks[0]!.uuid).toBe(before.model.networks[0]!.uuid);
  });

  it("two NICs on one network get different MACs", () => {
    const result = build(lines("A"));
    if (!result.ok) throw new Error("valid");
    const [n1, n2] = result.model.vms[0]!.nics;
    expect(n1!.mac).not.toBe(n2!.mac);
  });

  it("given ids are kept", () => {
    const result = build(
      topo(
        `const lan = l.network("lan", { subnet: "10.0.0.0/24", uuid: "8c7e0c2e-1111-4222-8333-444455556666", mac: "52:54:00:aa:bb:cc" });`,
        `l.linuxVm("A", { memory: gib(1), disk: pool.volume("a", { capacity: gib(1) }), nics: [{ network: lan, mac: "52:54:00:01:02:03" }] });`,
      ),
    );
    if (!result.ok) throw new Error("valid");
    expect(result.model.networks[0]).toMatchObject({ uuid: "8c7e0c2e-1111-4222-8333-444455556666", mac: "52:54:00:aa:bb:cc" });
    expect(result.model.vms[0]!.nics[0]!.mac).toBe("52:54:00:01:02:03");
  });
});

describe("derived MAC collisions", () => {
  it("a lab with thousands of NICs gets unique MACs; only colliding later NICs move", async () => {
    const { gib, lab } = await import("../dsl/index.js");
    const { buildModel } = await import("../model/build.js");
    const l = lab("big");
    const net = l.network("n", { subnet: "10.0.0.0/16" });
    const pool = l.pool("p", { path: "/p" });
    for (let i = 0; i < 12000; i++) l.linuxVm(`vm${i}`, { memory: gib(1), disk: pool.volume(`v${i}`, { capacity: gib(1) }), nics: [{ network: net }] });
    const result = buildModel(l, "/big.ts");
    if (!result.ok) throw new Error(result.diagnostics[0]!.message);
    const macs = result.model.vms.map((vm) => vm.nics[0]!.mac);
    expect(new Set(macs).size).toBe(12000);
    const derived = result.model.vms.map((vm) => deriveMac("big", "vm", vm.name, "nic", "n"));
    const moved = macs.filter((m, i) => m !== derived[i]).length;
    // 12000 draws from 2^24 collide about four times: some moved, and only those.
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(15);
  });
});
