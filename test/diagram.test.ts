import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffLines } from "diff";
import { describe, expect, it } from "vitest";
import { synthesize } from "../cli/pipeline.js";
import { diagramOf, MAX_DRAWN_VMS } from "../generators/diagram/scene.js";
import { buildModel } from "../model/build.js";
import { syntheticLab } from "../bench/synthetic.js";
import { runCli } from "./support/cli.js";
import { FLEET_SOURCE, hostileModel, HOSTILE_NET, HOSTILE_VM, svgOf, textCounts } from "./support/diagram.js";
import { ROOT, synthExample } from "./support/generated.js";
import { build, topologyFile } from "./support/topology.js";
import { wellFormed, xpathStrings } from "./support/xml.js";

describe.each(["sccm", "devbox"])("the committed diagram of examples/%s.ts", (name) => {
  const svgFile = join(ROOT, "generated", name, "topology.svg");
  const { model } = synthExample(name);

  it("is well-formed SVG (xmllint) with no script", () => {
    const check = wellFormed(svgFile);
    expect(check.output).toBe("");
    expect(check.ok).toBe(true);
    expect(xpathStrings(svgFile, ["count(//*[local-name()='script'])", "local-name(/*)"])).toEqual(["0", "svg"]);
  });

  it("shows every host, VM, network, pool, image, container and job by name, and every static IP, as text", () => {
    const names = [
      ...model.hosts.map((h) => h.name),
      ...model.vms.map((v) => v.name),
      ...model.networks.map((n) => n.name),
      ...model.pools.map((p) => p.name),
      ...model.images.map((i) => `${i.name}:${i.tag}`),
      ...model.containers.map((c) => c.name),
      ...model.jobs.map((j) => j.name),
    ];
    const ips = model.vms.flatMap((v) => v.nics.flatMap((n) => (n.ip === undefined ? [] : [n.ip])));
    expect(names.length).toBeGreaterThan(3);
    if (name === "sccm") expect(ips).toEqual(["192.168.56.10", "192.168.56.11"]);
    const counts = textCounts(svgFile, [...names, ...ips]);
    expect(Object.fromEntries([...names, ...ips].map((n, i) => [n, counts[i]]))).toEqual(Object.fromEntries([...names, ...ips].map((n) => [n, 1])));
  });

  it("topology.mmd names the same things", () => {
    const mermaid = readFileSync(join(ROOT, "generated", name, "topology.mmd"), "utf8");
    for (const thing of [...model.vms, ...model.networks, ...model.containers, ...model.jobs]) expect(mermaid).toContain(thing.name);
  });

  it("is deterministic across processes: `graph --format svg` prints the committed file", () => {
    const first = runCli(["graph", `examples/${name}.ts`, "--format", "svg"]);
    const second = runCli(["graph", `examples/${name}.ts`, "--format", "svg", "-o", "-"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toBe(readFileSync(svgFile, "utf8"));
  });
});

describe("the SCCM lab's picture", () => {
  const d = diagramOf(synthExample("sccm").model);

  it("draws the hypervisor as a box holding the networks, the pool and the VMs; NICs carry IP and MAC", () => {
    expect(d.boxes.map((b) => [b.title, b.nodes.map((n) => n.id)])).toEqual([
      ["hypervisor", ["network/lab-net", "network/default", "pool/homelab", "vm/DC01", "vm/SCCM01", "vm/CLIENT01", "vm/CLIENT02"]],
    ]);
    const dc01 = d.edges.filter((e) => e.from === "vm/DC01");
    expect(dc01.map((e) => [e.to, e.lines[0]])).toEqual([["network/lab-net", "192.168.56.10"], ["network/default", "DHCP"], ["pool/homelab", undefined]]);
    expect(dc01[0]!.lines[1]).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(d.boxes[0]!.nodes.find((n) => n.id === "network/lab-net")!.lines).toEqual(["nat · 192.168.56.0/24", "bridge virbr56", "DHCP 192.168.56.100 – 192.168.56.200"]);
    expect(d.boxes[0]!.nodes.find((n) => n.id === "vm/SCCM01")!.lines).toEqual(["windows · 4 GiB · 2 vCPUs", "disk sccm01.qcow2"]);
    expect(d.legend).toEqual(["network", "vm", "pool"]);
  });
});

describe("names that are markup render as text", () => {
  it("a VM named <script> and a network named a&b: well-formed, no script element, the names as text", async () => {
    const { file, svg, mermaid } = await svgOf(hostileModel());
    expect(wellFormed(file).ok).toBe(true);
    expect(xpathStrings(file, ["count(//*[local-name()='script'])"])).toEqual(["0"]);
    expect(textCounts(file, [HOSTILE_VM, HOSTILE_NET])).toEqual([1, 1]);
    expect(svg).not.toContain("<script>");
    expect(mermaid).not.toMatch(/<script|a&b|"q"/);
  });
});

describe("locality: renaming a VM changes only the lines about that VM", () => {
  const original = readFileSync(join(ROOT, "examples/sccm.ts"), "utf8");
  const file = topologyFile(original, "sccm.ts");
  cpSync(join(ROOT, "examples/hosts"), join(file, "../hosts"), { recursive: true });
  const sources = (source: string) => {
    writeFileSync(file, source);
    const s = synthesize(file, { cwd: join(file, ".."), out: join(ROOT, "generated/sccm") });
    return { dot: s.diagram!.dot, mermaid: s.files.get("topology.mmd")! };
  };
  const before = sources(original);
  const after = sources(original.replace(`["CLIENT01", "CLIENT02"]`, `["CLIENT01", "CLIENT03"]`));

  it.each(["dot", "mermaid"] as const)("%s: every changed line names CLIENT02 or CLIENT03 (its node, NIC and disk lines, the pool's volume list)", (format) => {
    const changed = diffLines(before[format], after[format]).filter((p) => p.added || p.removed).flatMap((p) => p.value.trimEnd().split("\n"));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(10);
    for (const line of changed) expect(line).toMatch(/CLIENT0[23]|client0[23]/);
  });
});

describe("large labs", () => {
  it(`past ${MAX_DRAWN_VMS} VMs, VMs are counted per network: 1,000 VMs give a valid, small SVG`, async () => {
    const built = buildModel(syntheticLab({ vms: 1000, networks: 100, pools: 20 }), join(ROOT, "bench/synthetic.ts"), ROOT);
    if (!built.ok) throw new Error(built.diagnostics[0]!.message);
    const { file, svg } = await svgOf(built.model);
    expect(wellFormed(file).ok).toBe(true);
    const d = diagramOf(built.model);
    const groups = d.boxes.flatMap((b) => b.nodes).filter((n) => n.kind === "vm-group");
    expect(groups).toHaveLength(100);
    expect(groups.map((g) => Number(g.title.split(" ")[0])).reduce((a, b) => a + b)).toBe(2000); // every VM is on two networks
    expect(d.boxes.flatMap((b) => b.nodes).some((n) => n.kind === "vm")).toBe(false);
    expect(svg.length).toBeLessThan(1_000_000);
  });
});

describe("placement on several hosts", () => {

  it("VMs and networks sit in their host's box; a bridged network across hosts sits between them, with its VLAN", async () => {
    const built = build(FLEET_SOURCE);
    if (!built.ok) throw new Error(built.diagnostics.map((x) => x.message).join("\n"));
    const d = diagramOf(built.model);
    expect(d.boxes.map((b) => [b.title, b.nodes.map((n) => n.id)])).toEqual([
      ["alpha", ["pool/pa", "vm/web"]],
      ["beta", ["network/inner", "pool/pb", "vm/db"]],
      ["spare", []],
    ]);
    expect(d.boxes[0]!.lines).toContain("tags lab");
    const lan = d.nodes.find((n) => n.id === "network/lan")!;
    expect(lan.lines).toEqual(["bridge · 10.20.0.0/24", "bridge br20 · VLAN 20", "uplink eth0 on alpha", "uplink eth0 on beta"]);
    const { file } = await svgOf(built.model);
    expect(textCounts(file, ["bridge br20 · VLAN 20", "10.20.0.5", "spare"])).toEqual([1, 1, 1]);
  });
});

describe("container templates", () => {
  it("are drawn in their host's box as their -ctl command, with users, limits and home volume, and an arrow to the image", async () => {
    const built = build(`import { lab } from "homelab-gen";
const l = lab("t");
const h = l.host("h");
const img = l.image("dev", { tag: "1" });
l.containerTemplate("devbox", { host: h, image: img, users: ["alice", "bob"], limits: { perUser: 2, total: 3 }, home: { path: "/home/dev", volume: "{name}-home" } });
export default l;
`);
    if (!built.ok) throw new Error(built.diagnostics.map((x) => x.message).join("\n"));
    const d = diagramOf(built.model);
    expect(d.boxes[0]!.nodes).toEqual([
      { id: "container-template/devbox", kind: "container-template", title: "devbox-ctl", lines: ["containers for alice, bob", "up to 2 per user, 3 in all", "volume {name}-home → /home/dev"] },
    ]);
    expect(d.edges).toEqual([{ from: "container-template/devbox", to: "image/dev", lines: [], arrow: true }]);
    const { file } = await svgOf(built.model);
    expect(textCounts(file, ["devbox-ctl", "containers for alice, bob"])).toEqual([1, 1]);
  });
});
