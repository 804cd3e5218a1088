/** The per-host share of the host-side pieces, for a fleet whose pools and VMs sit on several hosts. */
import { describe, expect, it } from "vitest";
import { libvirtDirs } from "../generators/nixos/libvirt-dirs.js";
import { installMedia } from "../realize/install-media.js";
import { build } from "./support/topology.js";

const fleet = [
  `import { lab, gib } from "homelab-gen"; const l = lab("f", { isoDir: "/srv/iso" });`,
  `const hv1 = l.host("hv1"); const hv2 = l.host("hv2");`,
  `const p1 = l.pool("p1", { host: hv1, path: "/srv/p1" }); const p2 = l.pool("p2", { host: hv2, path: "/srv/p2" });`,
  `l.linuxVm("a", { host: hv1, memory: gib(1), disk: p1.volume("a", { capacity: gib(1) }), installIso: "a.iso" });`,
  `l.linuxVm("b", { host: hv2, memory: gib(1), disk: p2.volume("b", { capacity: gib(1) }), installIso: "/elsewhere/b.iso" });`,
  `export default l;`,
].join("\n");

describe("host parts", () => {
  const result = build(fleet);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  const { model } = result;

  it("pool directories and the ISO folder of one host's pools and VMs", () => {
    expect(libvirtDirs(model, "hv1")).toEqual([{ path: "/srv/p1", mode: "0711" }, { path: "/srv/iso", mode: "0755" }]);
    expect(libvirtDirs(model, "hv2")).toEqual([{ path: "/srv/p2", mode: "0711" }]);
    expect(libvirtDirs(model).map((d) => d.path)).toEqual(["/srv/p1", "/srv/p2", "/srv/iso"]);
  });

  it("the install ISOs of one host's VMs", () => {
    expect(installMedia(model, "hv1")).toEqual([{ path: "/srv/iso/a.iso", vms: ["a"] }]);
    expect(installMedia(model, "hv2")).toEqual([{ path: "/elsewhere/b.iso", vms: ["b"] }]);
    expect(installMedia(model)).toHaveLength(2);
  });
});
