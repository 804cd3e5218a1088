/**
 * The apply.sh scenarios both fake virsh kinds run (test/libvirt-apply*.test.ts): registers the
 * tests with vitest when called inside a test file. `all: false` keeps the two main scenarios only
 * (the real-virsh replay is slower: every call replays the earlier changes).
 */
import { cpSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { libvirtExample, libvirtOutput, modelOf, wideLab, withTestInstallIsos, withTestTokenFiles } from "./libvirt.js";
import { changes, fakeVirsh, runBash } from "./virsh-fake.js";

/** The generated apply.sh under an output folder. */
export const script = (dir: string) => join(dir, "libvirt/apply.sh");

/** Recorded calls as `subcommand args...` with the output folder shown as `$OUT`. */
export const show = (calls: string[][], dir: string) => calls.map((c) => c.slice(2).join(" ").replaceAll(dir, "$OUT"));

/** Registers the scenarios for one fake virsh kind. Example: `applyScenarios("model", { all: true })`. */
export function applyScenarios(mode: "model" | "libvirt-test", opts: { all: boolean }): void {
  it("SCCM lab: first run defines everything in order, a second run changes nothing", () => {
    const { dir } = libvirtOutput(withTestInstallIsos(withTestTokenFiles(libvirtExample("sccm").model)));
    const virsh = fakeVirsh(mode);
    const first = runBash(script(dir), virsh.env(), "/");
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(show(changes(virsh.calls()), dir)).toEqual([
      "net-define $OUT/libvirt/networks/lab-net.xml",
      "net-start lab-net",
      "net-define $OUT/libvirt/networks/default.xml",
      "net-start default",
      "pool-define $OUT/libvirt/pools/homelab.xml",
      "pool-build homelab",
      "pool-start homelab",
      "vol-create --pool homelab $OUT/libvirt/volumes/homelab/dc01.qcow2.xml",
      "vol-create --pool homelab $OUT/libvirt/volumes/homelab/sccm01.qcow2.xml",
      "vol-create --pool homelab $OUT/libvirt/volumes/homelab/client01.qcow2.xml",
      "vol-create --pool homelab $OUT/libvirt/volumes/homelab/client02.qcow2.xml",
      "define $OUT/libvirt/domains/DC01.xml",
      "define $OUT/libvirt/domains/SCCM01.xml",
      "define $OUT/libvirt/domains/CLIENT01.xml",
      "define $OUT/libvirt/domains/CLIENT02.xml",
    ]);
    // Each change is printed before it runs, as a command one can paste.
    expect(first.stdout).toContain(`+ virsh -c qemu:///system net-define ${dir}/libvirt/networks/lab-net.xml\n`);
    expect(first.stdout).toContain("+ virsh -c qemu:///system vol-create --pool homelab");
    expect(first.stdout.trimEnd().endsWith("apply.sh: done")).toBe(true);
    // The install media are assembled before the domains that use them are defined.
    const seeds = virsh.env().HOMELAB_GEN_SEEDS_DIR!;
    expect(first.stdout).toContain(`+ bash ../seeds/assemble.sh ../seeds ${seeds} root\n`);
    expect(first.stdout.indexOf("DC01: built")).toBeLessThan(first.stdout.indexOf("libvirt/domains/DC01.xml"));
    for (const vm of ["DC01", "SCCM01", "CLIENT01", "CLIENT02"]) expect(statSync(join(seeds, `${vm}.iso`)).mode & 0o777, vm).toBe(0o640);
    // So are the install ISOs' no-prompt copies the Windows VMs boot.
    expect(first.stdout.indexOf("windows-11.noprompt.iso: built")).toBeGreaterThan(0);
    expect(first.stdout.indexOf("windows-11.noprompt.iso: built")).toBeLessThan(first.stdout.indexOf("libvirt/domains/DC01.xml"));
    expect(statSync(join(seeds, "windows-server-2022.noprompt.iso")).mode & 0o777).toBe(0o640);
    expect(virsh.calls().every((c) => c[0] === "-c" && c[1] === "qemu:///system")).toBe(true);

    virsh.clearCalls();
    const second = runBash(script(dir), virsh.env(), "/");
    expect(second.stderr).toBe("");
    expect(second.status).toBe(0);
    expect(changes(virsh.calls())).toEqual([]);
    expect(second.stdout.split("\n").filter((l) => l.endsWith(": exists"))).toEqual([
      "network lab-net: exists",
      "network default: exists",
      "pool homelab: exists",
      "volume homelab/dc01.qcow2: exists",
      "volume homelab/sccm01.qcow2: exists",
      "volume homelab/client01.qcow2: exists",
      "volume homelab/client02.qcow2: exists",
      "domain DC01: exists",
      "domain SCCM01: exists",
      "domain CLIENT01: exists",
      "domain CLIENT02: exists",
    ]);
    expect(second.stdout).not.toContain("+ virsh");
    expect(second.stdout).toContain("DC01: unchanged\n");
    expect(second.stdout).toContain("windows-server-2022.noprompt.iso: unchanged\n");
  });

  it("wide lab: backing volume first, inactive pool not started and its volumes skipped, running VM started once", () => {
    const { dir } = libvirtOutput(modelOf(wideLab()));
    const virsh = fakeVirsh(mode);
    const first = runBash(script(dir), virsh.env(), "/");
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(show(changes(virsh.calls()), dir)).toEqual([
      "net-define $OUT/libvirt/networks/nat.xml",
      "net-start nat",
      "net-define $OUT/libvirt/networks/routed.xml",
      "net-start routed",
      "net-define $OUT/libvirt/networks/inner.xml",
      "net-start inner",
      "net-define $OUT/libvirt/networks/lan.xml",
      "net-start lan",
      "pool-define $OUT/libvirt/pools/images.xml",
      "pool-build images",
      "pool-start images",
      "vol-create --pool images $OUT/libvirt/volumes/images/base.raw.xml",
      "vol-create --pool images $OUT/libvirt/volumes/images/win-emu.qcow2.xml",
      "vol-create --pool images $OUT/libvirt/volumes/images/win-virtio.raw.xml",
      "vol-create --pool images $OUT/libvirt/volumes/images/router.qcow2.xml",
      "vol-create --pool images $OUT/libvirt/volumes/images/installer.qcow2.xml",
      "pool-define $OUT/libvirt/pools/cold.xml",
      "pool-build cold",
      "define $OUT/libvirt/domains/WIN-EMU.xml",
      "define $OUT/libvirt/domains/win-virtio.xml",
      "start win-virtio",
      "define $OUT/libvirt/domains/router.xml",
      "define $OUT/libvirt/domains/installer.xml",
    ]);
    expect(first.stdout).toContain("pool cold is not running: its volumes were not checked");
    virsh.clearCalls();
    const second = runBash(script(dir), virsh.env(), "/");
    expect(second.status).toBe(0);
    expect(changes(virsh.calls())).toEqual([]);
  });

  if (!opts.all) return;

  it("run as `bash apply.sh` from its own folder", () => {
    const { dir } = libvirtOutput(withTestInstallIsos(withTestTokenFiles(libvirtExample("sccm").model)));
    const virsh = fakeVirsh(mode);
    const r = runBash("apply.sh", virsh.env(), join(dir, "libvirt"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(show(changes(virsh.calls()), dir)).toContain("define $OUT/libvirt/domains/DC01.xml");
  });

  it("the script finds its XML files from any folder, also under a path with spaces and quotes", () => {
    const out = join(mkdtempSync(join(tmpdir(), "hlg-apply-")), "my lab's $HOME");
    cpSync(libvirtOutput(modelOf(wideLab())).dir, out, { recursive: true });
    const virsh = fakeVirsh(mode);
    const r = runBash(script(out), virsh.env(), tmpdir());
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(changes(virsh.calls()).some((c) => c.includes(`${out}/libvirt/domains/router.xml`))).toBe(true);
    // The printed command quotes the path so it can be pasted back.
    expect(r.stdout).toContain(`+ virsh -c qemu:///system define ${out.replace(/([ '$])/g, "\\$1")}/libvirt/domains/router.xml`);
  });

  it("LIBVIRT_URI picks the connection", () => {
    const { dir } = libvirtOutput(withTestTokenFiles(libvirtExample("sccm").model));
    const virsh = fakeVirsh(mode);
    expect(runBash(script(dir), virsh.env({ LIBVIRT_URI: "qemu+ssh://root@lab/system" }), "/").status).toBe(0);
    expect(new Set(virsh.calls().map((c) => c[1]))).toEqual(new Set(["qemu+ssh://root@lab/system"]));
  });
}
