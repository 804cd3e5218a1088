import { describe, expect, it } from "vitest";
import { build, problems, topo, warnings } from "./support/topology.js";

const net = (name: string, props: string) => `const ${name.replace(/-/g, "_")} = l.network("${name}", ${props});`;
const vm = (name: string, props: string) =>
  `l.windowsVm("${name}", { memory: gib(2), disk: pool.volume("${name.toLowerCase()}", { capacity: gib(10) }), ${props} });`;

describe("validation", () => {
  it("accepts a valid topology", () => {
    const result = build(topo(net("lan", `{ subnet: "10.0.0.0/24", dhcp: { start: "10.0.0.100", end: "10.0.0.200" } }`), vm("A", `nics: [{ network: lan, ip: "10.0.0.10" }]`)));
    expect(result.ok).toBe(true);
  });

  it("reports duplicate names at the second declaration", () => {
    expect(problems(topo(net("lan", `{ subnet: "10.0.0.0/24" }`), `l.network("lan", { subnet: "10.0.1.0/24" });`))).toContain(
      `5: network lan: duplicate network name "lan" (also used at line 4)`,
    );
    expect(problems(topo(vm("A", ""), `l.linuxVm("A", { memory: gib(1), disk: pool.volume("a2", { capacity: gib(1) }) });`))).toContain(
      `5: vm A: duplicate VM name "A" (also used at line 4)`,
    );
  });

  it("warns, without failing, about VM names that differ only by case", () => {
    const source = topo(vm("DC01", ""), `l.linuxVm("dc01", { memory: gib(1), disk: pool.volume("dc01-linux", { capacity: gib(1) }) });`);
    expect(warnings(source)).toEqual([`5: vm dc01: name differs from VM "DC01" (line 4) only by case; Windows, DNS and some file systems see one name`]);
    expect(problems(topo(vm("DC01", ""), vm("dc01", "")))).toContain(
      `5: warning: vm dc01: name differs from VM "DC01" (line 4) only by case; Windows, DNS and some file systems see one name`,
    );
  });

  it("refuses template options beside imported hardware (libvirtXml), which would be dropped without a word", () => {
    const imported = (props: string) =>
      `l.linuxVm("web", { memory: gib(1), disk: pool.volume("web", { capacity: gib(1) }), libvirtXml: ["<features><acpi/></features>"], ${props} });`;
    expect(problems(topo(imported(`display: { protocol: "vnc" }, installIso: "x.iso", raw: { cpu: {} }`)))).toEqual([
      `4: vm web: installIso, display, raw are not used with libvirtXml: the VM is written from its imported XML, so edit that XML instead (or remove libvirtXml to build the VM from its template)`,
    ]);
    expect(problems(topo(imported(`cloudInit: {}`)))).toEqual([expect.stringMatching(/^4: vm web: cloudInit is not used with libvirtXml: /)]);
    expect(build(topo(imported(`vcpus: 4, running: true`))).ok).toBe(true);
  });

  it("reports duplicate UUIDs and MACs", () => {
    const uuid = "11111111-2222-5333-8444-555555555555";
    const out = problems(
      topo(
        net("lan", `{ subnet: "10.0.0.0/24" }`),
        vm("A", `uuid: "${uuid}", nics: [{ network: lan, mac: "52:54:00:00:00:01" }]`),
        vm("B", `uuid: "${uuid}", nics: [{ network: lan, mac: "52:54:00:00:00:01" }]`),
      ),
    );
    expect(out).toContain(`6: vm B: duplicate UUID "${uuid}" (also used at line 5)`);
    expect(out).toContain(`6: vm B: duplicate MAC address "52:54:00:00:00:01" (also used at line 5)`);
  });

  it("reports invalid UUIDs and MACs", () => {
    const out = problems(topo(net("lan", `{ subnet: "10.0.0.0/24", uuid: "nope" }`), vm("A", `nics: [{ network: lan, mac: "01:00:5e:00:00:01" }]`)));
    expect(out).toContain(`4: network lan: invalid UUID "nope"`);
    expect(out).toContain(`5: vm A: invalid MAC address "01:00:5e:00:00:01"`);
  });

  it("reports static IPs outside the subnet, on the gateway, inside the DHCP range", () => {
    const out = problems(
      topo(
        net("lan", `{ subnet: "10.0.0.0/24", dhcp: { start: "10.0.0.100", end: "10.0.0.200" } }`),
        vm("A", `nics: [{ network: lan, ip: "10.0.1.5" }]`),
        vm("B", `nics: [{ network: lan, ip: "10.0.0.1" }]`),
        vm("C", `nics: [{ network: lan, ip: "10.0.0.150" }]`),
      ),
    );
    expect(out).toContain(`5: vm A: static IP of NIC 1 10.0.1.5 is outside network lan's subnet 10.0.0.0/24`);
    expect(out).toContain(`6: vm B: static IP of NIC 1 10.0.0.1 is the gateway of network lan`);
    expect(out).toContain(`7: vm C: static IP of NIC 1 10.0.0.150 is inside the DHCP range 10.0.0.100-10.0.0.200 of network lan`);
  });

  it("reports a static IP used twice on one network", () => {
    const out = problems(topo(net("lan", `{ subnet: "10.0.0.0/24" }`), vm("A", `nics: [{ network: lan, ip: "10.0.0.9" }]`), vm("B", `nics: [{ network: lan, ip: "10.0.0.9" }]`)));
    expect(out).toContain(`6: vm B: static IP of NIC 1 10.0.0.9 is already used by vm A on network lan`);
  });

  it("reports overlapping subnets and bad subnets", () => {
    const out = problems(topo(net("a", `{ subnet: "10.0.0.0/16" }`), net("b", `{ subnet: "10.0.5.0/24" }`), net("c", `{ subnet: "10.300.0.0/24" }`)));
    expect(out).toContain(`5: network b: subnet 10.0.5.0/24 overlaps network a's subnet 10.0.0.0/16`);
    expect(out).toContain(`6: network c: subnet "10.300.0.0/24" is not an IPv4 CIDR such as 192.168.56.0/24 (prefix 1 to 30)`);
  });

  it("reports DHCP ranges outside the subnet or reversed", () => {
    const out = problems(topo(net("lan", `{ subnet: "10.0.0.0/24", dhcp: { start: "10.0.0.20", end: "10.0.1.9" } }`), net("wan", `{ subnet: "10.0.1.0/24", dhcp: { start: "10.0.1.200", end: "10.0.1.100" } }`)));
    expect(out).toContain(`4: network lan: DHCP range end 10.0.1.9 is outside 10.0.0.0/24`);
    expect(out).toContain(`5: network wan: DHCP range starts (10.0.1.200) after it ends (10.0.1.100)`);
  });

  it("reports long and shared bridge names", () => {
    const out = problems(topo(net("a", `{ subnet: "10.0.0.0/24", bridge: "virbr-much-too-long" }`), net("b", `{ subnet: "10.0.1.0/24", bridge: "br0" }`), net("c", `{ subnet: "10.0.2.0/24", bridge: "br0" }`)));
    expect(out).toContain(`4: network a: bridge name "virbr-much-too-long" is 19 characters; Linux allows at most 15`);
    expect(out).toContain(`6: network c: bridge name "br0" is already used by network b`);
  });

  it("reports a disk and a NIC from resources this lab does not declare", () => {
    const out = problems(
      topo(
        `const other = lab("o"); const q = other.pool("q", { path: "/q" });`,
        `l.linuxVm("A", { memory: gib(1), disk: q.volume("x", { capacity: gib(1) }), nics: [{ network: other.network("ghost", { subnet: "10.9.0.0/24" }) }] });`,
      ),
    );
    expect(out).toContain(`5: vm A: disk volume "x" is not declared in pool q`);
    expect(out).toContain(`5: vm A: NIC 1 is on network "ghost", which is not declared`);
  });

  it("reports missing and impossible sizes", () => {
    const out = problems(
      topo(
        `l.linuxVm("A", { memory: gib(0), disk: pool.volume("a", { capacity: gib(1.5) }) });`,
        `l.linuxVm("B", { disk: pool.volume("b", {} as any) } as any);`,
      ),
    );
    expect(out).toContain(`4: vm A: memory.count: size must be greater than zero`);
    expect(out).toContain(`4: volume a: capacity.count: size must be a whole number`);
    expect(out.some((p) => p.startsWith("5: vm B: memory:"))).toBe(true);
    expect(out.some((p) => p.startsWith("5: volume b: capacity:"))).toBe(true);
  });

  it("reports names libvirt or a file system would reject", () => {
    const out = problems(topo(`l.network("../etc", { subnet: "10.0.0.0/24" });`, `l.linuxVm("a/b", { memory: gib(1), disk: pool.volume("a b", { capacity: gib(1) }) });`));
    expect(out.some((p) => p.startsWith(`4: network ../etc: name: name must be`))).toBe(true);
    expect(out.some((p) => p.startsWith(`5: vm a/b: name: name must be`))).toBe(true);
    expect(out.some((p) => p.startsWith(`5: volume a b: name: name must be`))).toBe(true);
  });

  it("reports a VM without a disk and a disk used twice", () => {
    const out = problems(topo(`const d = pool.volume("d", { capacity: gib(1) });`, `l.linuxVm("A", { memory: gib(1), disk: d });`, `l.linuxVm("B", { memory: gib(1), disk: d });`, `l.linuxVm("C", { memory: gib(1) });`));
    expect(out).toContain(`6: vm B: disk p/d is already the disk of vm A`);
    expect(out).toContain("7: vm C: a VM needs a disk: give it `disk: pool.volume(...)`");
  });

  it("reports unknown keys instead of dropping them like NixVirt does", () => {
    const out = problems(topo(`l.network("lan", { subnet: "10.0.0.0/24", dchp: {} } as any);`));
    expect(out.some((p) => p.startsWith("4: network lan:") && p.includes("dchp"))).toBe(true);
  });

  it("reports every problem at once", () => {
    const out = problems(topo(net("a", `{ subnet: "10.0.0.0/24", bridge: "x".repeat(20) }`), vm("A", `nics: [{ network: a, ip: "10.0.0.1" }]`), `l.host("h/1");`));
    expect(out.length).toBeGreaterThanOrEqual(3);
  });
});
