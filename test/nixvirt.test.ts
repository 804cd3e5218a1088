import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Synthesis } from "../cli/pipeline.js";
import { ROOT, nixStr, synthExample, writeTemp } from "./support/generated.js";
import { nixEvalJson, nixParse } from "./support/nix.js";

const STUB = join(ROOT, "test/fixtures/nixvirt-stub.nix");

interface Entry {
  definition: Record<string, any>;
  active: boolean | null;
  volumes?: { name: string; definition: Record<string, any>; present: boolean }[];
}

describe("NixVirt output of the SCCM example, evaluated by real Nix", () => {
  let synth: Synthesis;
  let dir: string;
  const evalList = (name: string): Entry[] =>
    nixEvalJson(`import ${nixStr(join(dir, "nixvirt", `${name}.nix`))} { nixvirt = import ${nixStr(STUB)}; }`) as Entry[];

  beforeAll(() => {
    synth = synthExample("sccm");
    dir = writeTemp(synth.files);
  });

  it("every .nix file parses", () => {
    const nixFiles = [...synth.files.keys()].filter((p) => p.endsWith(".nix"));
    expect(nixFiles).toEqual(["flake.nix", "nixvirt/domains.nix", "nixvirt/networks.nix", "nixvirt/pools.nix"]);
    for (const f of nixFiles) nixParse(join(dir, f));
    expect(readdirSync(join(dir, "nixvirt")).sort()).toEqual(["domains.nix", "networks.nix", "pools.nix"]);
  });

  it("networks: lab-net and default, NAT, fixed MACs, DHCP range and static leases", () => {
    const nets = evalList("networks");
    expect(nets.map((n) => n.definition.name)).toEqual(["lab-net", "default"]);
    const [lab, def] = nets;
    expect(lab!.active).toBe(true);
    expect(lab!.definition).toMatchObject({
      forward: { mode: "nat" },
      bridge: { name: "virbr56" },
      ip: { address: "192.168.56.1", netmask: "255.255.255.0", dhcp: { range: { start: "192.168.56.100", end: "192.168.56.200" } } },
    });
    expect(lab!.definition.mac.address).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    const dc01 = synth.model.vms.find((v) => v.name === "DC01")!;
    expect(lab!.definition.ip.dhcp.host).toEqual([
      { mac: dc01.nics[0]!.mac, name: "dc01", ip: "192.168.56.10" },
      { mac: synth.model.vms.find((v) => v.name === "SCCM01")!.nics[0]!.mac, name: "sccm01", ip: "192.168.56.11" },
    ]);
    expect(def!.definition).toMatchObject({ forward: { mode: "nat" }, bridge: { name: "virbr0" }, ip: { address: "192.168.122.1" } });
    expect(def!.definition.uuid).not.toBe(lab!.definition.uuid);
  });

  it("pools: homelab dir pool with four qcow2 volumes", () => {
    const [pool, ...rest] = evalList("pools");
    expect(rest).toHaveLength(0);
    expect(pool!.definition).toMatchObject({ name: "homelab", type: "dir", target: { path: "/var/lib/libvirt/images/homelab" } });
    expect(pool!.volumes!.map((v) => [v.name, v.definition.capacity, v.definition.target.format.type, v.present])).toEqual([
      ["dc01.qcow2", { count: 60, unit: "GiB" }, "qcow2", true],
      ["sccm01.qcow2", { count: 100, unit: "GiB" }, "qcow2", true],
      ["client01.qcow2", { count: 60, unit: "GiB" }, "qcow2", true],
      ["client02.qcow2", { count: 60, unit: "GiB" }, "qcow2", true],
    ]);
  });

  it("domains: Windows template, memory, ISOs, NVRAM, both networks with fixed MACs, not started", () => {
    const domains = evalList("domains");
    expect(domains.map((d) => [d.definition.name, d.definition.memory, d.active])).toEqual([
      ["DC01", { count: 2, unit: "GiB" }, null],
      ["SCCM01", { count: 4, unit: "GiB" }, null],
      ["CLIENT01", { count: 2, unit: "GiB" }, null],
      ["CLIENT02", { count: 2, unit: "GiB" }, null],
    ]);
    for (const d of domains) {
      const vm = synth.model.vms.find((v) => v.name === d.definition.name)!;
      expect(d.definition.template).toBe("windows");
      expect(d.definition.uuid).toBe(vm.uuid);
      expect(d.definition.os.nvram.path).toBe(`/var/lib/libvirt/qemu/nvram/${vm.name}.nvram`);
      expect(d.definition.devices.virtio_iso).toBe(true);
      expect(d.definition.virtio_net).toBe(false);
      expect(d.definition.devices.disk[0].source).toEqual({ pool: "homelab", volume: `${vm.name.toLowerCase()}.qcow2` });
      // The no-prompt copy of the install ISO, booted after the disk (docs/unattended.md).
      expect(d.definition.devices.disk[1].source.file).toMatch(/^\/var\/lib\/homelab-gen\/sccm\/seeds\/windows-(server-2022|11)\.noprompt\.iso$/);
      expect(d.definition.os.boot).toEqual([{ dev: "hd" }, { dev: "cdrom" }]);
      // The answer-file CD, after the template's install and virtio-win CD-ROMs.
      expect(d.definition.devices.disk.at(-1)).toEqual({
        type: "file", device: "cdrom", driver: { name: "qemu", type: "raw" },
        source: { file: `/var/lib/homelab-gen/sccm/seeds/${vm.name}.iso` }, target: { bus: "sata", dev: "sde" }, readonly: true,
      });
      expect(d.definition.devices.interface).toEqual(
        vm.nics.map((nic) => ({ type: "network", source: { network: nic.network }, model: { type: "e1000e" }, mac: { address: nic.mac } })),
      );
      expect(d.definition.devices.interface.map((i: any) => i.source.network)).toEqual(["lab-net", "default"]);
    }
    const macs = domains.flatMap((d) => d.definition.devices.interface.map((i: any) => i.mac.address));
    expect(new Set(macs).size).toBe(8);
  });

  it("the vCPU count overrides the template's fixed two", () => {
    const domains = evalList("domains");
    expect(domains.every((d) => d.definition.vcpu.count === 2)).toBe(true);
  });

  it("flake.nix: inputs, NixOS module, host configuration and dev shell evaluate with stub inputs", () => {
    // The committed copy (equal to what is generated now: see golden.test.ts), where ../../examples resolves.
    const flake = nixStr(join(ROOT, "generated/sccm/flake.nix"));
    const stubNixpkgs = `{
      lib.nixosSystem = args: args;
      legacyPackages.x86_64-linux = {
        mkShell = args: { shell = args.packages; };
        libvirt = "libvirt"; qemu = "qemu"; virt-manager = "virt-manager"; virt-viewer = "virt-viewer"; OVMF = "OVMF"; swtpm = "swtpm";
      };
    }`;
    const result = nixEvalJson(`
      let
        f = import ${flake};
        o = f.outputs { self = o; nixpkgs = ${stubNixpkgs}; nixvirt = import ${nixStr(STUB)}; };
        m = o.nixosModules.default { pkgs = { bash = "bash"; coreutils = "coreutils"; findutils = "findutils"; xorriso = "xorriso"; p7zip = "p7zip"; diffutils = "diffutils"; gawk = "gawk"; }; };
        seeds = m.systemd.services.homelab-gen-sccm-seeds;
        host = o.nixosConfigurations.hypervisor;
        lv = m.virtualisation.libvirt;
        conn = lv.connections."qemu:///system";
      in {
        inputs = f.inputs;
        imports = m.imports;
        enable = lv.enable;
        swtpm = lv.swtpm.enable;
        counts = { networks = builtins.length conn.networks; pools = builtins.length conn.pools; domains = builtins.length conn.domains; };
        system = host.system;
        moduleTypes = map builtins.typeOf host.modules;
        hostName = (builtins.elemAt host.modules 2).networking.hostName;
        hostModule = baseNameOf (toString (builtins.elemAt host.modules 1));
        hostModuleExists = builtins.pathExists (builtins.elemAt host.modules 1);
        shell = o.devShells.x86_64-linux.default.shell;
        seeds = removeAttrs seeds [ "script" ];
        seedScript = seeds.script;
        seedsFolder = builtins.path { path = ${nixStr(join(ROOT, "generated/sccm/seeds"))}; name = "sccm-seeds"; };
        assembleScript = builtins.path { path = ${nixStr(join(ROOT, "generated/sccm/seeds/assemble.sh"))}; name = "assemble.sh"; };
      }`) as Record<string, any>;
    expect(result.inputs).toEqual({
      nixpkgs: { url: "github:NixOS/nixpkgs/nixos-26.05" },
      nixvirt: { url: "https://flakehub.com/f/AshleyYakeley/NixVirt/0.6.0.tar.gz", inputs: { nixpkgs: { follows: "nixpkgs" } } },
    });
    expect(result.imports).toEqual([{ _stub: "nixvirt-module" }]);
    expect(result).toMatchObject({ enable: true, swtpm: true, counts: { networks: 2, pools: 1, domains: 4 }, system: "x86_64-linux" });
    expect(result.moduleTypes).toEqual(["lambda", "path", "set"]);
    expect(result.hostModuleExists).toBe(true);
    expect(result.hostName).toBe("hypervisor");
    expect(result.hostModule).toBe("hypervisor.nix");
    expect(result.shell).toEqual(["libvirt", "qemu", "virt-manager", "virt-viewer", "OVMF", "swtpm"]);
    // The install media are assembled before NixVirt defines the domains that use them.
    expect(result.seeds).toMatchObject({
      wantedBy: ["nixvirt.service"],
      before: ["nixvirt.service"],
      path: ["bash", "coreutils", "findutils", "xorriso", "p7zip", "diffutils", "gawk", "/run/current-system/sw"],
      serviceConfig: { Type: "oneshot", UMask: "0077" },
      scriptArgs: "/var/lib/homelab-gen/sccm/seeds qemu-libvirtd",
    });
    expect(result.seedScript).toMatch(/^exec bash \/nix\/store\/[a-z0-9]{32}-assemble\.sh \/nix\/store\/[a-z0-9]{32}-sccm-seeds "\$@"$/);
    // The store copy is the committed template folder (same content, same store path).
    expect(result.seedScript).toBe(`exec bash ${result.assembleScript} ${result.seedsFolder} "$@"`);
  });

  it("host paths are strings: no absolute path literal anywhere", () => {
    for (const [path, text] of synth.files) {
      if (!path.endsWith(".nix")) continue;
      expect(text).not.toMatch(/(^|[\s(=[])\/[A-Za-z]/m);
    }
  });
});

describe("a raw system disk", () => {
  it("gets a raw disk driver (NixVirt's templates say qcow2), other disks untouched", async () => {
    const { build, topo } = await import("./support/topology.js");
    const { generateAll } = await import("../generators/index.js");
    const result = build(
      topo(
        `l.linuxVm("R", { memory: gib(1), disk: pool.volume("r", { capacity: gib(1), format: "raw" }), installIso: "/iso/x.iso" });`,
        `l.linuxVm("Q", { memory: gib(1), disk: pool.volume("q", { capacity: gib(1) }) });`,
      ),
    );
    if (!result.ok) throw new Error(result.diagnostics[0]!.message);
    const dir = writeTemp(generateAll(result.model, { target: "nixos", outDir: "/tmp/x" }));
    const domains = nixEvalJson(`import ${nixStr(join(dir, "nixvirt/domains.nix"))} { nixvirt = import ${nixStr(STUB)}; }`) as Entry[];
    const disks = domains.map((d) => d.definition.devices.disk);
    expect(disks[0][0]).toEqual({ source: { pool: "p", volume: "r.raw" }, driver: { name: "qemu", type: "raw" } });
    expect(disks[0][1]).toEqual({ source: { file: "/iso/x.iso" } });
    expect(disks[1][0].driver.type).toBe("qcow2");
  });
});
