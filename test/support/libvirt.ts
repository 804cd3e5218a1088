/**
 * Shared pieces of the `--target libvirt` tests: a topology that uses every libvirt feature the
 * DSL has, and a way to generate a topology's libvirt files into a temp folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { windowsLikeIso } from "../../bench/windows-like-iso.js";
import { modelOn } from "../../generators/fleet/host-model.js";
import { synthesize, type Synthesis } from "../../cli/pipeline.js";
import { generateAll } from "../../generators/index.js";
import type { Model } from "../../model/model.js";
import { ROOT, writeTemp } from "./generated.js";
import { build } from "./topology.js";
import type { LibvirtSchema } from "./xml.js";

/**
 * A lab with every kind of thing the libvirt target writes: NAT (DNS domain, DHCP, an explicit
 * lease), routed and isolated networks; an active pool with a backing volume and overlays (raw and
 * qcow2), and an inactive pool; Windows VMs emulated and virtio, with and without the driver ISO,
 * one declared running; Linux VMs with and without an install ISO, one with a MiB memory size;
 * every kind of display: the default, remote VNC, remote SPICE and GL.
 * `libvirt` is pasted into the lab's settings.
 */
export const wideLab = (libvirt = "") => `
import { lab, gib, mib } from "homelab-gen";
const l = lab("wide", { isoDir: "/srv/iso", ${libvirt} });
const nat = l.network("nat", {
  subnet: "10.10.0.0/24", bridge: "hlbr0", domain: "wide.internal",
  dhcp: { start: "10.10.0.100", end: "10.10.0.200" },
  leases: [{ name: "printer", mac: "52:54:00:aa:bb:cc", ip: "10.10.0.5" }],
});
const routed = l.network("routed", { mode: "route", subnet: "10.20.0.0/24", gateway: "10.20.0.254" });
const inner = l.network("inner", { mode: "isolated", subnet: "10.30.0.0/24" });
const lan = l.network("lan", { mode: "bridge", bridge: "br-lan", vlan: 40, uplink: "eno1", subnet: "10.40.0.0/24" });
const images = l.pool("images", { path: "/srv/images/" });
const base = images.volume("base", { capacity: gib(20), format: "raw" });
const cold = l.pool("cold", { path: "/srv/cold", active: false });
cold.volume("archive", { capacity: gib(1) });
l.windowsVm("WIN-EMU", {
  memory: gib(4), vcpus: 4, installIso: "win11.iso", display: { protocol: "vnc", listen: "0.0.0.0" },
  disk: images.volume("win-emu", { capacity: gib(64) }),
  nics: [{ network: nat, ip: "10.10.0.10" }, { network: inner }],
});
l.windowsVm("win-virtio", {
  memory: mib(3072), virtio: true, virtioIso: false, running: true, nvramPath: "/srv/nvram/wv.fd",
  disk: images.volume("win-virtio", { capacity: gib(40), format: "raw" }),
  nics: [{ network: routed, model: "rtl8139" }],
});
l.linuxVm("router", {
  memory: mib(512), vcpus: 1, display: { gl: true },
  disk: images.volume("router", { capacity: gib(8), backing: base }),
  nics: [{ network: nat }, { network: routed, ip: "10.20.0.2" }, { network: inner }, { network: inner }],
});
l.linuxVm("installer", {
  memory: gib(2), installIso: "/srv/other/debian-13.iso", display: { listen: "0.0.0.0" },
  disk: images.volume("installer", { capacity: gib(16) }),
  nics: [{ network: nat }, { network: lan, ip: "10.40.0.7" }],
});
export default l;
`;

/** The model of a topology source that must be valid. */
export function modelOf(source: string): Model & { file: string } {
  const result = build(source);
  if (!result.ok) throw new Error(`topology is invalid:\n${result.diagnostics.map((d) => `${d.source.line}: ${d.resource}: ${d.message}`).join("\n")}`);
  return { ...result.model, file: result.file };
}

/** Generated libvirt files of a model, written to a temp folder. */
export function libvirtOutput(model: Model): { files: Map<string, string>; dir: string } {
  const files = generateAll(model, { target: "libvirt", outDir: "/tmp/unused" });
  return { files, dir: writeTemp(files) };
}

/** Examples that declare libvirt objects (networks, pools or VMs): the others get no libvirt/ files. */
export const libvirtExampleNames = (): string[] =>
  exampleNames().filter((name) => {
    const m = libvirtExample(name).model;
    return m.networks.length + m.pools.length + m.vms.length > 0;
  });

/**
 * The models the libvirt tests take from an example: its own, or for a fleet (several hosts) each
 * host's share, which is what that host's generated files are made from.
 */
export function exampleModels(name: string): { label: string; model: Model }[] {
  const model = libvirtExample(name).model;
  if (model.hosts.length <= 1) return [{ label: `examples/${name}.ts`, model }];
  return model.hosts.map((h) => ({ label: `examples/${name}.ts (host ${h.name})`, model: modelOn(model, h.name) }));
}

/** {@link exampleModels} of the examples with libvirt objects, only the shares that have some. */
export const libvirtExampleModels = (): { label: string; model: Model }[] =>
  libvirtExampleNames().flatMap(exampleModels).filter(({ model: m }) => m.networks.length + m.pools.length + m.vms.length > 0);

/** Every example topology (`examples/*.ts`): sccm, devbox, ... */
export const exampleNames = (): string[] =>
  readdirSync(join(ROOT, "examples"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => basename(f, ".ts"))
    .sort();

/** An example synthesized for the libvirt target, as `npx homelab-gen examples/NAME.ts -t libvirt` does. */
export const libvirtExample = (name: string): Synthesis => synthesize(`examples/${name}.ts`, { cwd: ROOT, target: "libvirt" });

/** The libvirt schema of a generated file, from its folder. */
export function schemaOf(path: string): LibvirtSchema {
  const folder = path.split("/")[1];
  const schema = ({ networks: "network", pools: "storagepool", volumes: "storagevol", domains: "domain" } as const)[folder as string];
  if (!schema) throw new Error(`no schema for ${path}`);
  return schema;
}

/**
 * A model whose media secrets read their token files from a temp file (the example's
 * `/etc/homelab-gen/op.env` does not exist here), holding `OP_SERVICE_ACCOUNT_TOKEN` for the fake op.
 */
export function withTestTokenFiles(model: Model): Model {
  const dir = mkdtempSync(join(tmpdir(), "hlg-token-"));
  const tokenFile = join(dir, "op.env");
  writeFileSync(tokenFile, "OP_SERVICE_ACCOUNT_TOKEN=ops_test_token\n", { mode: 0o600 });
  const local = <T extends { source: { kind: string } }>(s: T): T =>
    s.source.kind === "command" && "environmentFile" in s.source ? { ...s, source: { ...s.source, environmentFile: tokenFile } } : s;
  return { ...model, domains: model.domains.map((d) => ({ ...d, adminPassword: local(d.adminPassword), safeModePassword: local(d.safeModePassword) })) };
}

/**
 * The model with every install ISO replaced by a Windows-like mock of the same file name in a temp
 * folder (bench/windows-like-iso.ts), so assemble.sh can make its no-prompt copies.
 */
export function withTestInstallIsos(model: Model): Model {
  const dir = mkdtempSync(join(tmpdir(), "hlg-isos-"));
  const made = new Map<string, string>();
  const mock = (iso: string): string => {
    if (!made.has(iso)) {
      const work = join(dir, String(made.size));
      mkdirSync(work);
      const target = join(dir, basename(iso));
      renameSync(windowsLikeIso(work).iso, target);
      made.set(iso, target);
    }
    return made.get(iso)!;
  };
  return { ...model, vms: model.vms.map((vm) => (vm.installIso === undefined ? vm : { ...vm, installIso: mock(vm.installIso) })) };
}
