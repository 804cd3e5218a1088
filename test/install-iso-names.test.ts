import { describe, expect, it } from "vitest";
import { problems, topo, warnings } from "./support/topology.js";

// Line 4: an import (the prelude imports only lab, gib, mib); line 5 on: the VMs.
const head = `import { secretFromFile } from "homelab-gen";`;
const win = (name: string, iso: string) =>
  `l.windowsVm("${name}", { memory: gib(4), os: "windows-server-2022", installIso: "${iso}", disk: pool.volume("${name.toLowerCase()}", { capacity: gib(60) }), unattended: { adminPassword: secretFromFile("/etc/lab/admin") } });`;

describe("install ISOs of unattended Windows VMs have distinct file names", () => {
  it("reports two ISOs with one file name at the second VM (their no-prompt copies would be one)", () => {
    expect(problems(topo(head, win("A", "/srv/a/windows.iso"), win("B", "/srv/b/windows.iso")))).toContain(
      "6: vm B: install ISO /srv/b/windows.iso has the file name of /srv/a/windows.iso (line 5); their no-prompt copies would clash: rename one",
    );
  });

  it("accepts one ISO shared by several VMs", () => {
    expect(warnings(topo(head, win("A", "windows.iso"), win("B", "windows.iso")))).toEqual([]);
  });
});
