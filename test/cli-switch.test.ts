import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertActivatesHere } from "../cli/local-activation.js";
import { fakes, runCliIn, runCliOnTerminal } from "./support/fake-tools.js";
import { miniLab, type MiniLab } from "./support/mini-lab.js";

const OLD_VM = "6695eb01-f6a4-8304-79aa-97f2502e193f";
const STOCK_DEFAULT = "dd8fe884-6c02-601e-7551-cca97df1c5df";

/** A fake libvirt holding the lab's own objects plus, with `strangers`, a VM and a network it does not declare. */
function libvirtState(lab: MiniLab, strangers: boolean): string {
  const { vms, networks, pools } = lab.model;
  const lines = [
    ...vms.map((v) => `domain ${v.uuid} ${v.name}`),
    ...networks.map((n) => `network ${n.uuid} ${n.name}`),
    ...pools.map((p) => `pool ${p.uuid} ${p.name}`),
    ...(strangers ? [`domain ${OLD_VM} old-vm`, `network ${STOCK_DEFAULT} default`] : []),
  ];
  const file = join(mkdtempSync(join(tmpdir(), "hlg-virsh-")), "state");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const VIRSH_LISTINGS = (uri: string) => [
  ["virsh", "-c", uri, "list", "--all", "--uuid", "--name"],
  ["virsh", "-c", uri, "pool-list", "--all", "--uuid", "--name"],
  ["virsh", "-c", uri, "net-list", "--all", "--uuid"],
  ["virsh", "-c", uri, "net-list", "--all", "--name"],
];

describe("homelab-gen switch", () => {
  it("refuses without --yes when NixVirt would delete objects, naming each; nothing is written or run", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const r = runCliIn(["switch", lab.file], lab.dir, tools.env({ FAKE_VIRSH_STATE: libvirtState(lab, true) }));
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      [
        "libvirt at qemu:///system: NixVirt would DELETE 2 objects that are not in the topology:",
        `  domain old-vm (uuid ${OLD_VM})`,
        `  network default (uuid ${STOCK_DEFAULT})`,
        "error: not switching: 2 libvirt objects would be deleted; pass --yes to delete and switch",
        "",
      ].join("\n"),
    );
    expect(tools.calls()).toEqual([["nix", "--version"], ...VIRSH_LISTINGS("qemu:///system")]);
    expect(existsSync(lab.out)).toBe(false);
  });

  it("with --yes, lists them and runs nixos-rebuild switch on the generated flake", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const r = runCliIn(["switch", lab.file, "--yes"], lab.dir, tools.env({ FAKE_VIRSH_STATE: libvirtState(lab, true) }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`  domain old-vm (uuid ${OLD_VM})\n  network default (uuid ${STOCK_DEFAULT})\ngenerated/lab: 6 added\n`);
    expect(tools.calls().at(-1)).toEqual(["nixos-rebuild", "switch", "--flake", `path:${lab.out}#hv`, "--log-format", "internal-json"]);
    // nixos-rebuild's own lines pass through; Nix's JSON becomes progress lines.
    expect(r.stderr).toContain(
      [
        "building the system configuration...",
        "building dep (1 of 2)",
        "dep: buildPhase",
        "building hello (2 of 2)",
        "hello: unpackPhase",
        "hello: buildPhase",
        "activating the configuration...",
        "setting up /etc...",
        "reloading user units for root...",
        "nixos-rebuild switch of hv done; full log: ",
      ].join("\n"),
    );
  });

  it("on a terminal it asks: yes goes on, anything else refuses, Ctrl-C stops; progress is a live line there", async () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const env = tools.env({ FAKE_VIRSH_STATE: libvirtState(lab, true) });
    const prompt = "Delete them and go on? [y/N] ";
    const no = await runCliOnTerminal(["switch", lab.file], lab.dir, env, { prompt, answer: "n\r" });
    expect(no.code).toBe(4);
    expect(no.screen).toContain(`  network default (uuid ${STOCK_DEFAULT})\r\n`);
    const ctrlC = await runCliOnTerminal(["switch", lab.file], lab.dir, env, { prompt, answer: "\u0003" });
    expect(ctrlC.code).toBe(130);
    expect(ctrlC.screen).toContain("error: interrupted: homelab-gen switch was stopped");
    expect(tools.calls().some((c) => c[0] === "nixos-rebuild")).toBe(false);
    const yes = await runCliOnTerminal(["switch", lab.file], lab.dir, env, { prompt, answer: "y\r" });
    expect(yes.code).toBe(0);
    expect(tools.calls().at(-1)![0]).toBe("nixos-rebuild");
    // The status line is drawn and rewritten in place ("\r", clear to end of line), between plain lines.
    expect(yes.screen).toContain("\r\u001b[Kcopying '/src/flake'");
    expect(yes.screen).toContain("\r\u001b[Kbuilding hello (2 of 2)\r\n");
  });

  it("goes on without asking when nothing would be deleted", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const r = runCliIn(["switch", lab.file], lab.dir, tools.env({ FAKE_VIRSH_STATE: libvirtState(lab, false) }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("DELETE");
    expect(tools.calls().at(-1)![0]).toBe("nixos-rebuild");
  });

  it("passes --target-host, --build-host, --sudo and --action on, and checks the target's libvirt over ssh", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const args = ["switch", lab.file, "--target-host", "root@hv.lan", "--build-host", "builder", "--sudo", "--action", "boot"];
    const r = runCliIn(args, lab.dir, tools.env({ FAKE_VIRSH_STATE: libvirtState(lab, false) }));
    expect(r.code, r.stderr).toBe(0);
    expect(tools.calls().filter((c) => c[0] === "virsh")).toEqual(VIRSH_LISTINGS("qemu+ssh://root@hv.lan/system"));
    expect(tools.calls().at(-1)).toEqual([
      "nixos-rebuild",
      "boot",
      "--flake",
      `path:${lab.out}#hv`,
      "--target-host",
      "root@hv.lan",
      "--build-host",
      "builder",
      "--use-remote-sudo",
      "--log-format",
      "internal-json",
    ]);
  });

  it("actions that activate nothing (build, dry-activate) skip the deletion check", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const r = runCliIn(["switch", lab.file, "--action", "dry-activate"], lab.dir, tools.env({ FAKE_VIRSH_STATE: libvirtState(lab, true) }));
    expect(r.code, r.stderr).toBe(0);
    expect(tools.calls().map((c) => c[0])).toEqual(["nix", "nix", "nixos-rebuild"]);
  });

  it("without virsh (or an unreachable libvirt) it refuses unless --yes, then warns and goes on", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild"]);
    const r = runCliIn(["switch", lab.file], lab.dir, tools.env());
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      "error: virsh is not installed (not found on PATH); homelab-gen switch runs it to list the libvirt objects the switch would delete.\n" +
        "Install libvirt's client: `apt install libvirt-clients` (Debian, Ubuntu)",
    );
    expect(r.stderr).toContain("Pass --yes to switch without knowing what NixVirt would delete.");
    const yes = runCliIn(["switch", lab.file, "--yes"], lab.dir, tools.env());
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stderr).toContain("warning: could not check what NixVirt would delete (--yes given, going on):\nvirsh is not installed");

    const unreachable = fakes(["nix", "nixos-rebuild", "virsh"]);
    const down = runCliIn(["switch", lab.file], lab.dir, unreachable.env({ FAKE_VIRSH_FAIL: "1" }));
    expect(down.code).toBe(3);
    expect(down.stderr).toContain("error: virsh could not list libvirt's objects at qemu:///system (exit code 1):\nerror: failed to connect to the hypervisor");
  });

  it("a failed build shows the failing derivation; a failed activation shows nixos-rebuild's last lines", () => {
    const lab = miniLab();
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const env = { FAKE_VIRSH_STATE: libvirtState(lab, false) };
    const build = runCliIn(["switch", lab.file], lab.dir, tools.env({ ...env, FAKE_REBUILD: "failure" }));
    expect(build.code).toBe(3);
    expect(build.stderr).toContain("error: nixos-rebuild switch failed (exit code 1)");
    expect(build.stderr).toContain("last log lines of broken:\n  step one\n  step two\n  fatal: something broke\nfull log: ");
    const activation = runCliIn(["switch", lab.file], lab.dir, tools.env({ ...env, FAKE_REBUILD: "activation" }));
    expect(activation.code).toBe(3);
    expect(activation.stderr).toContain(
      "error: nixos-rebuild switch failed (exit code 4)\nlast output:\n  building the system configuration...\n  activating the configuration...\n" +
        "  setting up /etc...\n  Failed to start nixvirt.service.\n  warning: error(s) occurred while switching to the new configuration\nfull log: ",
    );
  });

  it("needs nixos-rebuild, and a host when there are several", () => {
    const lab = miniLab();
    const missing = runCliIn(["switch", lab.file], lab.dir, fakes(["nix", "virsh"]).env());
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("error: nixos-rebuild is not installed (not found on PATH); homelab-gen switch runs it to activate host hv.\nIt comes with NixOS");
    const two = miniLab({ hosts: ["hv", "spare"] });
    const r = runCliIn(["switch", two.file], two.dir, fakes(["nix", "nixos-rebuild", "virsh"]).env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the topology has several hosts; choose one with --host (hosts: hv, spare)");
  });

  it("in a fleet, refuses to activate another host's configuration on this machine without --target-host or --here", () => {
    const two = miniLab({ hosts: ["hv", "spare"] });
    const tools = fakes(["nix", "nixos-rebuild", "virsh"]);
    const env = tools.env({ FAKE_VIRSH_STATE: libvirtState(two, false) });
    const here = runCliIn(["switch", two.file, "--host", "spare"], two.dir, env);
    expect(here.code).toBe(2);
    expect(here.stderr).toMatch(/^error: switch would activate spare's configuration on this machine, whose hostname is "[^"]+": pass --target-host to switch spare over ssh \(or use homelab-gen deploy\), or --here when this machine is spare\n/);
    expect(tools.calls()).toEqual([]);
    expect(existsSync(two.out)).toBe(false);
    // Building changes nothing here; --target-host and --here go on.
    expect(runCliIn(["switch", two.file, "--host", "spare", "--action", "build"], two.dir, env).code).toBe(0);
    expect(runCliIn(["switch", two.file, "--host", "spare", "--target-host", "root@spare", "--yes"], two.dir, env).code).toBe(0);
    expect(tools.calls().at(-1)).toEqual(expect.arrayContaining(["nixos-rebuild", "switch", "--target-host", "root@spare"]));
    expect(runCliIn(["switch", two.file, "--host", "spare", "--here", "--yes"], two.dir, env).code).toBe(0);
    expect(tools.calls().at(-1)?.slice(0, 2)).toEqual(["nixos-rebuild", "switch"]);
    expect(tools.calls().at(-1)).not.toContain("--target-host");
  });

  it("a machine whose hostname is the host's, or a lab with one host, switches here", () => {
    const two = miniLab({ hosts: ["hv", "spare"] });
    expect(() => assertActivatesHere(two.model, "spare", {}, "spare.lan")).not.toThrow();
    expect(() => assertActivatesHere(two.model, "spare", {}, "hv")).toThrow(/whose hostname is "hv"/);
    expect(() => assertActivatesHere(miniLab().model, "hv", {}, "nixos")).not.toThrow();
  });
});
