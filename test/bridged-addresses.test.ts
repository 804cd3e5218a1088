import { describe, expect, it } from "vitest";
import { topo, warnings } from "./support/topology.js";

// Line 4: an import (the prelude imports only lab, gib, mib) and the networks; line 5 on: the VMs.
const nets = `import { secretFromFile } from "homelab-gen"; const lan = l.network("lan", { mode: "bridge", bridge: "br0", subnet: "10.0.0.0/24", gateway: "10.0.0.1" }); const nat = l.network("nat", { subnet: "10.1.0.0/24" });`;
const secret = `secretFromFile("/etc/lab/admin")`;
const windows = (name: string, network: string, extra = "") =>
  `l.windowsVm("${name}", { memory: gib(4), os: "windows-server-2022", disk: pool.volume("${name.toLowerCase()}", { capacity: gib(60) }), nics: [{ network: ${network}, ip: "${network === "lan" ? "10.0.0" : "10.1.0"}.10" }], ${extra} });`;
const linux = (name: string, extra = "") =>
  `l.linuxVm("${name}", { memory: gib(1), disk: pool.volume("${name}", { capacity: gib(10) }), nics: [{ network: lan, ip: "10.0.0.20" }], ${extra} });`;

describe("a static ip on a bridged network needs the guest to set it", () => {
  it("warns at the VM's line when nothing configures the address, naming the option that would", () => {
    expect(warnings(topo(nets, windows("WIN", "lan"), linux("web")))).toEqual([
      "5: vm WIN: ip 10.0.0.10 on bridged network lan is set by nothing: libvirt hands out no addresses on a bridge; add `unattended` to configure it in the guest, or drop `ip` and set it there yourself",
      "6: vm web: ip 10.0.0.20 on bridged network lan is set by nothing: libvirt hands out no addresses on a bridge; add `cloudInit` to configure it in the guest, or drop `ip` and set it there yourself",
    ]);
  });

  it("is quiet when the answer file or cloud-init sets it, and on libvirt's own networks", () => {
    expect(
      warnings(
        topo(
          nets,
          windows("WIN", "lan", `unattended: { adminPassword: ${secret} }`),
          linux("web", `cloudInit: { users: [{ name: "ops", sshKeys: ["ssh-ed25519 AAAA ops@laptop"] }] }`),
          windows("NATVM", "nat"),
        ),
      ),
    ).toEqual([]);
  });
});
