import { describe, expect, it } from "vitest";
import { parseTargetHost } from "../model/target-host.js";
import { build, problems } from "./support/topology.js";

/** Two hypervisors and a container host on lines 2-4; tests add from line 5. */
const fleet = (...lines: string[]): string =>
  [
    `import { lab, gib } from "homelab-gen"; const l = lab("f");`,
    `const hv1 = l.host("hv1", { targetHost: "root@10.0.0.11", tags: ["hypervisor", "rack"] });`,
    `const hv2 = l.host("hv2", { targetHost: "root@10.0.0.12:2222", tags: ["hypervisor"] });`,
    `const box = l.host("box", { libvirt: false, keys: { "op.env": { command: ["op", "inject", "-i", "op.env.tpl"], user: "alice" } } });`,
    ...lines,
    "export default l;",
  ].join("\n");

const pools = [
  `const p1 = l.pool("p1", { host: hv1, path: "/var/lib/libvirt/images/p1" });`,
  `const p2 = l.pool("p2", { host: hv2, path: "/var/lib/libvirt/images/p2" });`,
].join(" ");

describe("fleet model", () => {
  it("places VMs, pools and networks on hosts and spans a bridged network over the hosts using it", () => {
    const result = build(
      fleet(
        pools,
        `const lan = l.network("lab", { mode: "bridge", bridge: "br-lab", vlan: 56, uplink: { hv1: "enp1s0", hv2: "eno1" }, subnet: "192.168.56.0/24" });`,
        `const nat = l.network("nat1", { host: hv1, subnet: "192.168.122.0/24", bridge: "virbr0", dhcp: { start: "192.168.122.2", end: "192.168.122.254" } });`,
        `const nat2 = l.network("nat2", { host: hv2, subnet: "192.168.122.0/24", bridge: "virbr0" });`,
        `l.windowsVm("DC01", { host: hv1, memory: gib(2), disk: p1.volume("dc01", { capacity: gib(60) }), nics: [{ network: lan, ip: "192.168.56.10" }, { network: nat }] });`,
        `l.windowsVm("CLIENT01", { host: hv2, memory: gib(2), disk: p2.volume("c01", { capacity: gib(60) }), nics: [{ network: lan }, { network: nat2 }] });`,
        `l.container("web", { host: box, image: "docker.io/library/nginx:1.27" });`,
      ),
    );
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
    const { model } = result;
    expect(model.vms.map((v) => [v.name, v.host])).toEqual([["DC01", "hv1"], ["CLIENT01", "hv2"]]);
    expect(model.pools.map((p) => p.host)).toEqual(["hv1", "hv2"]);
    const lab = model.networks.find((n) => n.name === "lab")!;
    expect(lab).toMatchObject({ mode: "bridge", hosts: ["hv1", "hv2"], vlan: 56, uplinks: { hv1: "enp1s0", hv2: "eno1" } });
    expect(model.networks.find((n) => n.name === "nat2")!.hosts).toEqual(["hv2"]);
    const [hv1, hv2, box] = model.hosts;
    expect(hv1).toMatchObject({ targetHost: { user: "root", address: "10.0.0.11" }, tags: ["hypervisor", "rack"], buildOnTarget: false, runs: { libvirt: true, podman: true } });
    expect(hv2!.targetHost).toEqual({ user: "root", address: "10.0.0.12", port: 2222 });
    expect(box).toMatchObject({ runs: { libvirt: false, podman: true }, keys: [{ name: "op.env", from: { command: ["op", "inject", "-i", "op.env.tpl"] }, destDir: "/run/keys", user: "alice", group: "root", permissions: "0600", uploadAt: "pre-activation" }] });
  });

  it("keeps a single-host lab valid without placement: everything lands on its host", () => {
    const result = build(
      [
        `import { lab, gib } from "homelab-gen"; const l = lab("s");`,
        `const pool = l.pool("p", { path: "/var/lib/libvirt/images/p" });`,
        `const lan = l.network("lan", { mode: "bridge", bridge: "br0", uplink: "enp1s0", subnet: "10.1.0.0/24" });`,
        `l.linuxVm("a", { memory: gib(1), disk: pool.volume("a", { capacity: gib(1) }), nics: [{ network: lan, ip: "10.1.0.5" }] });`,
        `l.host("only");`,
        `export default l;`,
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
    expect(result.model.vms[0]!.host).toBe("only");
    expect(result.model.pools[0]!.host).toBe("only");
    expect(result.model.networks[0]).toMatchObject({ hosts: ["only"], uplinks: { only: "enp1s0" } });
  });

  it("reports every placement problem at its declaring line, all together", () => {
    const out = problems(
      fleet(
        pools,
        `const nat = l.network("nat1", { host: hv1, subnet: "192.168.122.0/24" });`,
        `l.linuxVm("a", { memory: gib(1), disk: p1.volume("a", { capacity: gib(1) }) });`,
        `l.linuxVm("b", { host: hv2, memory: gib(1), disk: p1.volume("b", { capacity: gib(1) }) });`,
        `l.linuxVm("c", { host: hv2, memory: gib(1), disk: p2.volume("c", { capacity: gib(1) }), nics: [{ network: nat }] });`,
        `l.linuxVm("d", { host: box, memory: gib(1), disk: p2.volume("d", { capacity: gib(1) }) });`,
        `l.pool("p3", { path: "/p3" });`,
        `l.network("nat2", { subnet: "10.9.0.0/24" });`,
        `const other = lab("other"); const ghost = other.host("ghost");`,
        `l.container("web", { host: ghost, image: "docker.io/library/nginx:1.27" });`,
        `l.host("nas", { podman: false, targetHost: "root@10.0.0.11" }); const nas = l.host("nas2", { podman: false });`,
        `l.job("j", { host: nas, schedule: "daily", command: ["true"] });`,
      ),
    );
    expect(out).toEqual(
      expect.arrayContaining([
        `7: vm a: the lab declares 5 hosts: say which runs it with \`host:\``,
        `8: vm b: its disk b is in pool p1 on host hv1, but the VM runs on host hv2`,
        `9: vm c: NIC 1 is on network nat1, which is a nat network of host hv1; the VM runs on host hv2 (a bridged network joins hosts)`,
        `10: vm d: host box runs no libvirt (declared with \`libvirt: false\` at line 4)`,
        `10: vm d: its disk d is in pool p2 on host hv2, but the VM runs on host box`,
        `11: pool p3: the lab declares 5 hosts: say which runs it with \`host:\``,
        `12: network nat2: the lab declares 5 hosts: say which runs it with \`host:\``,
        `14: container web: host "ghost" is not declared in this lab`,
        `15: host nas: duplicate targetHost "10.0.0.11" (also used at line 2)`,
        `16: job j: host nas2 runs no podman (declared with \`podman: false\` at line 15)`,
      ]),
    );
  });

  it("reports bridged-network mistakes: DHCP, leases, domain, MAC; VLAN without uplink; long names; unknown uplink host", () => {
    const out = problems(
      fleet(
        pools,
        `l.network("a", { mode: "bridge", subnet: "10.1.0.0/24", dhcp: { start: "10.1.0.100", end: "10.1.0.200" }, leases: [{ name: "x", mac: "52:54:00:00:00:09", ip: "10.1.0.9" }], domain: "lab.internal", mac: "52:54:00:00:00:08", uplink: { hv1: "eth0" } });`,
        `l.network("b", { mode: "bridge", subnet: "10.2.0.0/24", vlan: 56, uplink: { hv1: "enp0s20f0u1u2", hv9: "eth0" } });`,
        `const c = l.network("c", { mode: "bridge", subnet: "10.3.0.0/24", vlan: 57, uplink: { hv1: "eth0" } });`,
        `l.linuxVm("v", { host: hv2, memory: gib(1), disk: p2.volume("v", { capacity: gib(1) }), nics: [{ network: c }] });`,
        `l.network("d", { host: hv1, subnet: "10.4.0.0/24", vlan: 3, uplink: "eth0" });`,
        `l.network("e", { mode: "bridge", subnet: "10.5.0.0/24", uplink: "eth0" });`,
        `l.network("f", { mode: "bridge", subnet: "10.6.0.0/24", uplink: { hv1: "eth0" } });`,
        `l.network("g", { mode: "bridge", subnet: "10.7.0.0/24", uplink: { hv1: "eth0" } });`,
        `l.network("h", { mode: "bridge", subnet: "10.8.0.0/24", vlan: 57, uplink: { hv1: "eth0" } });`,
      ),
    );
    expect(out).toContain(`13: network g: interface eth0 on host hv1 is already the bridge port of network f`);
    expect(out).toContain(`14: network h: interface eth0.57 on host hv1 is already the bridge port of network c`);
    expect(out).toEqual(
      expect.arrayContaining([
        `6: network a: dhcp: libvirt runs no DHCP server on a bridged network: the LAN's DHCP server serves it`,
        `6: network a: leases: static IPs on a bridged network are not DHCP leases of libvirt: set them inside the guests (a NIC's \`ip\` is only checked for clashes)`,
        `6: network a: domain: libvirt serves no DNS on a bridged network`,
        `6: network a: mac: the bridge of a bridged network belongs to the host, not libvirt: its MAC is not set here`,
        `7: network b: interface name "enp0s20f0u1u2.56" on host hv1 is 16 characters; Linux allows at most 15`,
        `7: network b: uplink names host "hv9", which is not declared in this lab`,
        `8: network c: vlan 57 is tagged on an uplink: give host hv2 one in \`uplink\``,
        `10: network d: vlan: applies to bridged networks only (mode: "bridge"); this one is nat`,
        `10: network d: uplink: applies to bridged networks only (mode: "bridge"); this one is nat`,
        `11: network e: a bridged network spans the hosts its \`uplink\` names and those running VMs on it: this one has none`,
      ]),
    );
  });

  it("checks the address plan across the fleet: NAT subnets of different hosts may repeat, a bridged subnet may not overlap any", () => {
    const out = problems(
      fleet(
        `l.network("n1", { host: hv1, subnet: "192.168.122.0/24", bridge: "virbr0" });`,
        `l.network("n2", { host: hv2, subnet: "192.168.122.0/24", bridge: "virbr0" });`,
        `l.network("n3", { host: hv2, subnet: "192.168.122.0/25", bridge: "virbr0" });`,
        `const lan = l.network("lan", { mode: "bridge", subnet: "192.168.122.128/25", uplink: { hv1: "eth0", hv2: "eth0" } });`,
        pools,
        `l.linuxVm("a", { host: hv1, memory: gib(1), disk: p1.volume("a", { capacity: gib(1) }), nics: [{ network: lan, ip: "192.168.122.130" }] });`,
        `l.linuxVm("b", { host: hv2, memory: gib(1), disk: p2.volume("b", { capacity: gib(1) }), nics: [{ network: lan, ip: "192.168.122.130", mac: "52:54:00:aa:bb:cc" }] });`,
        `l.linuxVm("c", { host: hv1, memory: gib(1), disk: p1.volume("c", { capacity: gib(1) }), nics: [{ network: lan, mac: "52:54:00:aa:bb:cc" }] });`,
      ),
    );
    expect(out.filter((l) => l.includes("overlaps") || l.includes("already")).sort()).toEqual([
      `11: vm b: static IP of NIC 1 192.168.122.130 is already used by vm a on network lan`,
      `7: network n3: bridge name "virbr0" is already used by network n2`,
      `7: network n3: subnet 192.168.122.0/25 overlaps network n2's subnet 192.168.122.0/24`,
      `8: network lan: subnet 192.168.122.128/25 overlaps network n1's subnet 192.168.122.0/24`,
      `8: network lan: subnet 192.168.122.128/25 overlaps network n2's subnet 192.168.122.0/24`,
    ]);
    expect(out).toContain(`12: vm c: duplicate MAC address "52:54:00:aa:bb:cc" (also used at line 11)`);
  });
});

describe("targetHost", () => {
  it("parses address, user@address and user@address:port, IPv6 in brackets", () => {
    expect(parseTargetHost("hv1.lan")).toEqual({ address: "hv1.lan" });
    expect(parseTargetHost("deploy@10.0.0.11")).toEqual({ user: "deploy", address: "10.0.0.11" });
    expect(parseTargetHost("root@[fd00::11]:2222")).toEqual({ user: "root", address: "fd00::11", port: 2222 });
    for (const bad of ["", "root@", "a b", "root@host:0", "root@host:70000", "-oProxyCommand=x", "[10.0.0.1]", "root@host:22:22"]) {
      expect(parseTargetHost(bad), bad).toBeUndefined();
    }
  });

  it("in a fleet, host names Colmena reserves or deploy-rs cannot take are reported", () => {
    const out = problems([`import { lab } from "homelab-gen"; const l = lab("f");`, `l.host("meta"); l.host("42"); l.host("ok");`, `export default l;`].join("\n"));
    expect(out).toEqual([
      `2: host meta: "meta" is reserved by Colmena's hive (meta, network, defaults): rename the host`,
      `2: host 42: deploy-rs node names need a letter: rename the host`,
    ]);
  });

  it("reports a malformed targetHost, tag or key at the host's line", () => {
    const out = problems(
      [
        `import { lab } from "homelab-gen"; const l = lab("f");`,
        `l.host("a", { targetHost: "root@-oProxyCommand=sh", tags: ["a,b"], keys: { "../x": { file: "/k" }, y: { command: [] }, z: { file: "rel" }, w: { file: "/a", command: ["cat"] } } });`,
        `export default l;`,
      ].join("\n"),
    );
    expect(out).toEqual(
      expect.arrayContaining([
        `2: host a: targetHost: targetHost must be "address", "user@address" or "user@address:port" (IPv6 in brackets, port 1-65535)`,
        `2: host a: tags.0: tags are letters, digits, '.', '_' or '-', starting with a letter or digit`,
        `2: host a: keys.../x: key names are file names: letters, digits, '.', '_' or '-', starting with a letter or digit`,
        `2: host a: keys.y.command: command needs at least the program`,
        `2: host a: keys.z.file: must be an absolute path without '..'`,
        `2: host a: keys.w: give exactly one of command and file (a key's content never goes into the topology)`,
      ]),
    );
  });
});
