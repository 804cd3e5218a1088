/**
 * `plan` and `switch` name the install ISOs the target host lacks (libvirt will not start a VM
 * whose install CD-ROM file is missing). On this machine the files are looked up directly; on a
 * `--target-host` through one ssh call, here a fake ssh that runs the remote command with sh.
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mediaHost, missingIndexesCommand } from "../realize/install-media.js";
import { fakes, runCliIn } from "./support/fake-tools.js";

/** A lab whose VMs boot from ISOs in a temp folder: `there.iso` exists, the other two do not. */
function isoLab() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "hlg-iso-")));
  const isos = join(dir, "iso dir");
  mkdirSync(isos);
  writeFileSync(join(isos, "there.iso"), "");
  writeFileSync(
    join(dir, "lab.ts"),
    [
      `import { gib, lab } from "homelab-gen";`,
      `const l = lab("iso", { isoDir: ${JSON.stringify(isos)} });`,
      `const pool = l.pool("images", { path: "/var/lib/libvirt/images/iso" });`,
      `l.windowsVm("A", { memory: gib(2), disk: pool.volume("a", { capacity: gib(8) }), installIso: "there.iso" });`,
      `l.windowsVm("B", { memory: gib(2), disk: pool.volume("b", { capacity: gib(8) }), installIso: "it's missing.iso" });`,
      `l.linuxVm("C", { memory: gib(1), disk: pool.volume("c", { capacity: gib(8) }), installIso: "it's missing.iso" });`,
      `l.linuxVm("D", { memory: gib(1), disk: pool.volume("d", { capacity: gib(8) }), installIso: "/srv/nowhere/d.iso" });`,
      `l.host("hv");`,
      `export default l;`,
    ].join("\n"),
  );
  return { dir, file: "lab.ts", missing: join(isos, "it's missing.iso") };
}

const EXPECTED = (where: string, missing: string) => [
  `install ISOs missing on ${where} (libvirt will not start these VMs until the file is there):`,
  "  /srv/nowhere/d.iso: D",
  `  ${missing}: B, C`,
];

describe("missing install ISOs", () => {
  it("plan names each missing ISO on this machine with the VMs that boot from it", () => {
    const lab = isoLab();
    const r = runCliIn(["plan", lab.file], lab.dir, fakes(["virsh"]).env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${EXPECTED("this machine", lab.missing).join("\n")}\n`);
    const json = JSON.parse(runCliIn(["plan", lab.file, "--json"], lab.dir, fakes(["virsh"]).env()).stdout);
    expect(json.installMedia).toEqual([
      { host: "this machine", checked: true, missing: [{ path: "/srv/nowhere/d.iso", vms: ["D"] }, { path: lab.missing, vms: ["B", "C"] }] },
    ]);
  });

  it("plan --target-host looks on that host with one ssh call, whatever the file names hold", () => {
    const lab = isoLab();
    const tools = fakes(["virsh", "ssh"]);
    const r = runCliIn(["plan", lab.file, "--target-host", "admin@hv"], lab.dir, tools.env({ FAKE_SSH_RUN: "1" }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(EXPECTED("admin@hv", lab.missing).join("\n"));
    const ssh = tools.calls().filter((c) => c[0] === "ssh");
    expect(ssh).toHaveLength(1);
    expect(ssh[0]!.slice(1, 5)).toEqual(["-o", "BatchMode=yes", "admin@hv", "--"]);
  });

  it("an unreachable host or a missing ssh leaves the ISOs unchecked; the plan still succeeds", () => {
    const lab = isoLab();
    const down = runCliIn(["plan", lab.file, "--target-host", "hv", "--json"], lab.dir, fakes(["virsh", "ssh"]).env({ FAKE_SSH_FAIL: "1" }));
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).installMedia).toEqual([{ host: "hv", checked: false, reason: expect.stringContaining("ssh hv could not look for the install ISOs (exit code 255)") }]);
    const none = runCliIn(["plan", lab.file, "--target-host", "hv"], lab.dir, fakes(["virsh"]).env());
    expect(none.stdout).toContain("install ISOs on hv: not checked: ssh is not installed (not found on PATH)");
  });

  it("switch names them before nixos-rebuild activates", () => {
    const lab = isoLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const r = runCliIn(["switch", lab.file, "--yes"], lab.dir, tools.env());
    expect(r.code, r.stderr).toBe(0);
    const warning = `warning: ${EXPECTED("this machine", lab.missing).join("\n")}\n`;
    expect(r.stderr).toContain(warning);
    expect(r.stderr.indexOf(warning)).toBeLessThan(r.stderr.indexOf("generated/lab"));
    expect(tools.calls().at(-1)![0]).toBe("nixos-rebuild");
  });

  it("the remote check is read by sh as written and answers with indexes", () => {
    expect(missingIndexesCommand(["/a b", "/c'd"])).toBe(`i=0; for f in '/a b' '/c'\\''d'; do i=$((i + 1)); [ -e "$f" ] || echo "$i"; done`);
    expect(mediaHost({ connect: "qemu+ssh://root@hv:2222/system" })).toBe("ssh://root@hv:2222");
    expect(mediaHost({ connect: "qemu+ssh://root@hv/system" })).toBe("root@hv");
    expect(mediaHost({ targetHost: "a@b", connect: "qemu+ssh://c/system" })).toBe("a@b");
    expect(mediaHost({ connect: "qemu:///system" })).toBeUndefined();
  });
});
