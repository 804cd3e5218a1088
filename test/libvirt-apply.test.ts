import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { libvirtExample, libvirtExampleModels, libvirtOutput, modelOf, wideLab, withTestTokenFiles } from "./support/libvirt.js";
import { applyScenarios, script, show } from "./support/libvirt-apply-scenarios.js";
import { changes, fakeVirsh, runBash, shellcheck, subcommand, type FakeState } from "./support/virsh-fake.js";

const NEVER = /^(undefine|destroy|net-destroy|net-undefine|pool-destroy|pool-delete|pool-undefine|vol-delete|vol-wipe|managedsave-remove|snapshot-delete)$/;

describe("apply.sh passes shellcheck", () => {
  for (const { label, model } of libvirtExampleModels()) {
    it(label, () => {
      const r = shellcheck([script(libvirtOutput(model).dir)]);
      expect(r.output).toBe("");
      expect(r.ok).toBe(true);
    });
  }
  it("wide lab", () => {
    const r = shellcheck([script(libvirtOutput(modelOf(wideLab())).dir)]);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });
  it("(and the fake virsh the tests use)", () => {
    const r = shellcheck([join(fakeVirsh("model").binDir, "virsh")]);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });
});

describe("apply.sh against the state-machine fake virsh", () => {
  applyScenarios("model", { all: true });
});

describe("apply.sh against the state-machine fake: existing objects, failures", () => {
  it("an existing, stopped `default` network (as Debian and Fedora ship it) is kept as it is and started", () => {
    const { dir } = libvirtOutput(withTestTokenFiles(libvirtExample("sccm").model));
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
    const { dir } = libvirtOutput(withTestTokenFiles(libvirtExample("sccm").model));
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
    const { dir } = libvirtOutput(withTestTokenFiles(libvirtExample("sccm").model));
    const virsh = fakeVirsh("model");
    const r = runBash(script(dir), virsh.env({ FAKE_VIRSH_FAIL: "net-list" }), "/");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("apply.sh: this command failed (exit 1): virsh -c qemu:///system net-list --name --inactive\n");
    expect(virsh.calls().map(subcommand)).not.toContain("net-start");
  });

  it("no connection: one clear error before anything else", () => {
    const { dir } = libvirtOutput(withTestTokenFiles(libvirtExample("sccm").model));
    const virsh = fakeVirsh("model");
    const r = runBash(script(dir), virsh.env({ FAKE_VIRSH_DOWN: "1" }), "/");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("failed to connect to the hypervisor");
    expect(r.stderr).toContain("apply.sh: this command failed (exit 1): virsh -c qemu:///system uri\n");
    expect(virsh.calls().map(subcommand)).toEqual(["uri"]);
  });

  it("no virsh at all: exit 127 with what to install", () => {
    const { dir } = libvirtOutput(withTestTokenFiles(libvirtExample("sccm").model));
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
