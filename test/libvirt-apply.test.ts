import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { libvirtExample, libvirtExampleNames, libvirtOutput, modelOf, wideLab } from "./support/libvirt.js";
import { changes, fakeVirsh, runBash, shellcheck, subcommand, type FakeState } from "./support/virsh-fake.js";

const script = (dir: string) => join(dir, "libvirt/apply.sh");
/** Recorded calls as `subcommand args...` with the output folder shown as `$OUT`. */
const show = (calls: string[][], dir: string) => calls.map((c) => c.slice(2).join(" ").replaceAll(dir, "$OUT"));
const NEVER = /^(undefine|destroy|net-destroy|net-undefine|pool-destroy|pool-delete|pool-undefine|vol-delete|vol-wipe|managedsave-remove|snapshot-delete)$/;

describe("apply.sh passes shellcheck", () => {
  for (const name of libvirtExampleNames()) {
    it(`examples/${name}.ts`, () => {
      const r = shellcheck([script(libvirtOutput(libvirtExample(name).model).dir)]);
      expect(r.output).toBe("");
      expect(r.ok).toBe(true);
    });
  }
  it("wide lab", () => {
    const r = shellcheck([script(libvirtOutput(modelOf(wideLab())).dir)]);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });
});

describe.each(["model", "libvirt-test"] as const)("apply.sh against a fake virsh (%s)", (mode) => {
  it("SCCM lab: first run defines everything in order, a second run changes nothing", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
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

  it("run as `bash apply.sh` from its own folder", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
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
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
    const virsh = fakeVirsh(mode);
    expect(runBash(script(dir), virsh.env({ LIBVIRT_URI: "qemu+ssh://root@lab/system" }), "/").status).toBe(0);
    expect(new Set(virsh.calls().map((c) => c[1]))).toEqual(new Set(["qemu+ssh://root@lab/system"]));
  });
});

describe("apply.sh against the state-machine fake: existing objects, failures", () => {
  it("an existing, stopped `default` network (as Debian and Fedora ship it) is kept as it is and started", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
    const before: FakeState = { networks: { default: { active: false, file: "/etc/libvirt/qemu/networks/default.xml" } }, pools: {}, domains: {} };
    const virsh = fakeVirsh("model", before);
    const r = runBash(script(dir), virsh.env(), "/");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("network default: exists\n");
    const calls = show(changes(virsh.calls()), dir);
    expect(calls).not.toContain("net-define $OUT/libvirt/networks/default.xml");
    expect(calls).toContain("net-start default");
    expect(virsh.state().networks.default).toEqual({ active: true, file: "/etc/libvirt/qemu/networks/default.xml" });
  });

  it("stops at the first failing command, shows it, and runs nothing after it", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
    const virsh = fakeVirsh("model");
    const r = runBash(script(dir), virsh.env({ FAKE_VIRSH_FAIL: "pool-build" }), "/");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: injected failure of pool-build\n");
    expect(r.stderr).toContain("apply.sh: this command failed (exit 1): virsh -c qemu:///system pool-build homelab\n");
    const calls = virsh.calls().map(subcommand);
    expect(calls.at(-1)).toBe("pool-build");
    expect(calls).not.toContain("vol-create");
    expect(calls).not.toContain("define");
    expect(r.stdout).not.toContain("apply.sh: done");
  });

  it("a failing listing stops it too (no silent 'not listed')", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
    const virsh = fakeVirsh("model");
    const r = runBash(script(dir), virsh.env({ FAKE_VIRSH_FAIL: "net-list" }), "/");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("apply.sh: this command failed (exit 1): virsh -c qemu:///system net-list --name --inactive\n");
    expect(virsh.calls().map(subcommand)).not.toContain("net-start");
  });

  it("no connection: one clear error before anything else", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
    const virsh = fakeVirsh("model");
    const r = runBash(script(dir), virsh.env({ FAKE_VIRSH_DOWN: "1" }), "/");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("failed to connect to the hypervisor");
    expect(r.stderr).toContain("apply.sh: this command failed (exit 1): virsh -c qemu:///system uri\n");
    expect(virsh.calls().map(subcommand)).toEqual(["uri"]);
  });

  it("no virsh at all: exit 127 with what to install", () => {
    const { dir } = libvirtOutput(libvirtExample("sccm").model);
    const r = runBash(script(dir), { ...process.env, PATH: "/nonexistent" }, "/");
    // bash itself is found by absolute path in runBash; virsh is not on PATH.
    expect(r.status).toBe(127);
    expect(r.stderr).toBe("apply.sh: virsh not found; install libvirt-clients (Debian/Ubuntu) or libvirt-client (Fedora)\n");
  });

  it("never undefines, destroys or deletes anything, whatever the starting state", () => {
    const { dir } = libvirtOutput(modelOf(wideLab()));
    const before: FakeState = {
      networks: { nat: { active: true }, inner: { active: false } },
      pools: { images: { active: false, built: true, volumes: { "router.qcow2": {} } }, cold: { active: true, built: true, volumes: {} } },
      domains: { router: { active: true }, "win-virtio": { active: false } },
    };
    const virsh = fakeVirsh("model", before);
    const r = runBash(script(dir), virsh.env(), "/");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(virsh.calls().map(subcommand).filter((c) => NEVER.test(c))).toEqual([]);
    const calls = show(changes(virsh.calls()), dir);
    expect(calls).toContain("net-start inner");
    expect(calls).toContain("pool-start images");
    expect(calls).not.toContain("vol-create --pool images $OUT/libvirt/volumes/images/router.qcow2.xml");
    expect(calls).toContain("start win-virtio");
    // The inactive-declared pool `cold` is running here: its volume is created, the pool is not stopped.
    expect(calls).toContain("vol-create --pool cold $OUT/libvirt/volumes/cold/archive.qcow2.xml");
    expect(virsh.state().domains.router).toEqual({ active: true });
  });
});
