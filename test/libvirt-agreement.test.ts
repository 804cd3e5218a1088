/**
 * The two targets describe the same machines: the NixVirt files (nixvirt/*.nix, evaluated by real
 * Nix against a stub NixVirt whose templates and writeXML hand back their arguments) and the plain
 * libvirt XML (read back with xmllint) agree on names, UUIDs, MACs, memory, vCPUs, boot order, disks
 * and NICs, and on every network, pool and volume setting.
 *
 * Where NixVirt's template fills something in, the expectation follows NixVirt 0.6.0's
 * templates/domain/{base,windows,linux}.nix: the system disk is SATA `sda` unless `virtio_drive`
 * (default false in `windows`, true in `linux`), then `vda` on virtio; the install CD-ROM is SATA
 * `hdc` (windows) or `sdc` (q35/linux), present even without an ISO; `install_virtio` adds the
 * virtio-win CD-ROM on SATA `hdd` (windows only).
 *
 * Display devices (graphics, video, the SPICE-only channels, USB redirection and audio) are compared
 * with the XML NixVirt 0.6.0's real templates and generator write (test/fixtures/nixvirt-real.nix).
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import type { Model } from "../model/model.js";
import { nixStr, writeTemp } from "./support/generated.js";
import { exampleModels, exampleNames, libvirtOutput, modelOf, wideLab } from "./support/libvirt.js";
import { ROOT } from "./support/generated.js";
import { nixEvalJson } from "./support/nix.js";
import { virtXmlValidate, xpath, xpathStrings } from "./support/xml.js";

/** NixVirt's lib, reduced to handing back what it is given. */
const STUB = `
  let
    id = x: x;
    # Like the templates, the system disk comes first with a qcow2 driver whatever the volume is;
    # base.nix boots the CD, then the disk.
    template = kind: args: {
      template = kind; inherit args;
      os.boot = [ { dev = "cdrom"; } { dev = "hd"; } ];
      devices = { disk = [ { driver = { name = "qemu"; type = "qcow2"; }; } ]; channel = [ { type = "spicevmc"; } ]; graphics = { type = "spice"; }; };
    };
  in {
    lib = {
      network.writeXML = id;
      pool.writeXML = id;
      volume.writeXML = id;
      domain = { writeXML = id; templates = { windows = template "windows"; linux = template "linux"; }; };
    };
  }`;

type Attrs = Record<string, any>;

/** The NixVirt lists of a model, evaluated; a list the NixOS target does not write (a lab without VMs) is empty. */
function evalNixvirt(model: Model): { networks: Attrs[]; pools: Attrs[]; domains: Attrs[] } {
  const files = generateAll(model, { target: "nixos", outDir: "/tmp/unused" });
  const dir = writeTemp(files);
  const list = (name: string) =>
    files.has(`nixvirt/${name}.nix`) ? `import ${nixStr(join(dir, "nixvirt", `${name}.nix`))} { nixvirt = stub; }` : "[ ]";
  return nixEvalJson(`let stub = ${STUB}; in { networks = ${list("networks")}; pools = ${list("pools")}; domains = ${list("domains")}; }`) as never;
}

/** What a domain's template call and overrides amount to, per NixVirt 0.6.0's templates. */
function nixvirtMachine(def: Attrs, virtioIso: string) {
  const a = def.args;
  const windows = def.template === "windows";
  const virtioDrive: boolean = a.virtio_drive ?? !windows;
  const disks: string[] = [];
  if (a.storage_vol) disks.push(`disk volume ${a.storage_vol.pool}/${a.storage_vol.volume} ${virtioDrive ? "virtio vda" : "sata sda"} ${def.devices.disk[0].driver.type}`);
  disks.push(`cdrom file ${a.install_vol ?? ""} sata ${windows ? "hdc" : "sdc"}`);
  if (windows && a.install_virtio) disks.push(`cdrom file ${virtioIso} sata hdd`);
  // CD-ROMs the generator appends to the template's list (the install-media seed).
  for (const d of (def.devices.disk as Attrs[]).filter((x) => x.target?.dev === "sde")) disks.push(`${d.device} ${d.type} ${d.source.file} ${d.target.bus} ${d.target.dev}`);
  return {
    name: a.name,
    uuid: a.uuid,
    memory: `${a.memory.count} ${a.memory.unit}`,
    vcpus: String(def.vcpu.count),
    nvram: windows ? a.nvram_path : "",
    boot: (def.os.boot as Attrs[]).map((b) => b.dev).join(" "),
    disks,
    nics: ((def.devices.interface ?? []) as Attrs[]).map((i) => `${i.type} ${i.source.network} ${i.mac.address} ${i.model.type}`),
  };
}

/** The same facts read from a domain XML file. */
function xmlMachine(file: string) {
  const [name, uuid, count, unit, vcpus, nvram, nDisks, nNics, boot1, boot2] = xpathStrings(file, [
    "/domain/name", "/domain/uuid", "/domain/memory", "/domain/memory/@unit", "/domain/vcpu", "/domain/os/nvram",
    "count(/domain/devices/disk)", "count(/domain/devices/interface)", "/domain/os/boot[1]/@dev", "/domain/os/boot[2]/@dev",
  ]);
  const disks = Array.from({ length: Number(nDisks) }, (_, i) => {
    const d = `/domain/devices/disk[${i + 1}]`;
    const [device, type, pool, volume, src, bus, dev, driver] = xpathStrings(file, [`${d}/@device`, `${d}/@type`, `${d}/source/@pool`, `${d}/source/@volume`, `${d}/source/@file`, `${d}/target/@bus`, `${d}/target/@dev`, `${d}/driver/@type`]);
    return `${device} ${type} ${type === "volume" ? `${pool}/${volume}` : src} ${bus} ${dev}${device === "disk" ? ` ${driver}` : ""}`;
  });
  const nics = Array.from({ length: Number(nNics) }, (_, i) =>
    xpathStrings(file, ["@type", "source/@network", "mac/@address", "model/@type"].map((a) => `/domain/devices/interface[${i + 1}]/${a}`)).join(" "),
  );
  return { name, uuid, memory: `${count} ${unit}`, vcpus, nvram, boot: `${boot1} ${boot2}`, disks, nics };
}

/** Domain XML written by NixVirt's real templates and generator, one file per domain, by name. */
function realNixvirtDomains(model: Model): Map<string, string> {
  const files = generateAll(model, { target: "nixos", outDir: "/tmp/unused" });
  if (!files.has("nixvirt/domains.nix")) return new Map();
  const dir = writeTemp(files);
  const real = nixStr(join(ROOT, "test/fixtures/nixvirt-real.nix"));
  const texts = nixEvalJson(`map (d: d.definition.text) (import ${nixStr(join(dir, "nixvirt/domains.nix"))} { nixvirt = import ${real}; })`) as string[];
  const out = writeTemp(new Map(texts.map((t, i) => [`${model.vms[i]!.name}.xml`, t])));
  return new Map(model.vms.map((vm) => [vm.name, join(out, `${vm.name}.xml`)]));
}

/** Graphics, video, SPICE-only channels, USB redirection and audio of a domain XML file. */
function displayFacts(file: string): string[] {
  const [nChannels] = xpathStrings(file, ["count(/domain/devices/channel)"]);
  const channels = Array.from({ length: Number(nChannels) }, (_, i) => xpathStrings(file, [`/domain/devices/channel[${i + 1}]/@type`])[0]!);
  return [
    ...xpathStrings(file, [
      "/domain/devices/graphics/@type", "/domain/devices/graphics/@autoport", "/domain/devices/graphics/listen/@type",
      "/domain/devices/graphics/listen/@address", "/domain/devices/graphics/gl/@enable", "count(/domain/devices/graphics)",
      "/domain/devices/video/model/@type", "/domain/devices/video/model/acceleration/@accel3d", "count(/domain/devices/redirdev)",
      "/domain/devices/audio/@type",
    ]),
    channels.join(","),
  ];
}

const onOff = (b: boolean | undefined) => (b === undefined ? "" : b ? "on" : "off");
const yesNo = (b: boolean | undefined) => (b === undefined ? "" : b ? "yes" : "no");

function nixvirtNetwork(d: Attrs): string[] {
  const dhcp = d.ip?.dhcp;
  return [
    d.name, d.uuid, d.forward?.mode ?? "(none)", d.bridge.name, d.bridge.stp === undefined ? "" : onOff(d.bridge.stp), String(d.bridge.delay ?? ""), d.mac?.address ?? "",
    d.domain?.name ?? "", d.domain === undefined ? "" : yesNo(d.domain.localOnly), d.ip?.address ?? "", d.ip?.netmask ?? "",
    dhcp ? `${dhcp.range.start}-${dhcp.range.end}` : "(none)",
    ...((dhcp?.host ?? []) as Attrs[]).map((h) => `${h.mac} ${h.name} ${h.ip}`),
  ];
}

function xmlNetwork(file: string): string[] {
  const [name, uuid, forward, hasForward, bridge, stp, delay, mac, domain, localOnly, address, netmask, hasDhcp, start, end, nHosts] = xpathStrings(file, [
    "/network/name", "/network/uuid", "/network/forward/@mode", "count(/network/forward)", "/network/bridge/@name", "/network/bridge/@stp",
    "/network/bridge/@delay", "/network/mac/@address", "/network/domain/@name", "/network/domain/@localOnly", "/network/ip/@address",
    "/network/ip/@netmask", "count(/network/ip/dhcp)", "/network/ip/dhcp/range/@start", "/network/ip/dhcp/range/@end", "count(/network/ip/dhcp/host)",
  ]);
  const hosts = Array.from({ length: Number(nHosts) }, (_, i) =>
    xpathStrings(file, ["@mac", "@name", "@ip"].map((a) => `/network/ip/dhcp/host[${i + 1}]/${a}`)).join(" "),
  );
  return [name!, uuid!, hasForward === "0" ? "(none)" : forward!, bridge!, stp!, delay!, mac!, domain!, localOnly!, address!, netmask!, hasDhcp === "0" ? "(none)" : `${start}-${end}`, ...hosts];
}

const nixvirtVolume = (d: Attrs) =>
  [d.name, `${d.capacity.count} ${d.capacity.unit}`, d.target.format.type, d.backingStore ? `${d.backingStore.path} ${d.backingStore.format.type}` : "(none)"].join(" | ");

function xmlVolume(file: string): string {
  const [name, count, unit, format, hasBacking, path, bformat] = xpathStrings(file, [
    "/volume/name", "/volume/capacity", "/volume/capacity/@unit", "/volume/target/format/@type", "count(/volume/backingStore)", "/volume/backingStore/path", "/volume/backingStore/format/@type",
  ]);
  return [name, `${count} ${unit}`, format, hasBacking === "0" ? "(none)" : `${path} ${bformat}`].join(" | ");
}

const cases = (): { label: string; model: () => Model }[] => [
  ...exampleNames().flatMap(exampleModels).map(({ label, model }) => ({ label, model: () => model })),
  { label: "wide lab", model: () => modelOf(wideLab()) },
];

describe.each(cases())("NixVirt attribute sets and libvirt XML describe the same lab: $label", ({ model: makeModel }) => {
  let model: Model;
  let nix: ReturnType<typeof evalNixvirt>;
  let dir: string;
  beforeAll(() => {
    model = makeModel();
    nix = evalNixvirt(model);
    dir = join(libvirtOutput(model).dir, "libvirt");
  });

  it("both targets define the same objects", () => {
    const libvirt = [...libvirtOutput(model).files.keys()].filter((p) => p.startsWith("libvirt/") && p.endsWith(".xml")).sort();
    const nixvirt = [
      ...nix.networks.map((n) => `libvirt/networks/${n.definition.name}.xml`),
      ...nix.pools.flatMap((p) => [`libvirt/pools/${p.definition.name}.xml`, ...(p.volumes as Attrs[]).map((v) => `libvirt/volumes/${p.definition.name}/${v.name}.xml`)]),
      ...nix.domains.map((d) => `libvirt/domains/${d.definition.args.name}.xml`),
    ].sort();
    expect(libvirt).toEqual(nixvirt);
  });

  it("domains: names, UUIDs, memory, vCPUs, NVRAM, disks (pool/volume, bus, device), NICs (network, MAC, model)", () => {
    expect(nix.domains.length).toBe(model.vms.length);
    for (const entry of nix.domains) {
      const expected = nixvirtMachine(entry.definition, model.lab.libvirt.virtioIso);
      const actual = xmlMachine(join(dir, "domains", `${expected.name}.xml`));
      expect(actual).toEqual(expected);
    }
  });

  it("domains: graphics, video, SPICE channels, USB redirection and audio, as NixVirt's real templates write them", () => {
    const real = realNixvirtDomains(model);
    expect(real.size).toBe(model.vms.length);
    for (const [name, file] of real) {
      expect(displayFacts(join(dir, "domains", `${name}.xml`)), name).toEqual(displayFacts(file));
      // What NixVirt writes for every kind of display is a domain libvirt accepts.
      expect(virtXmlValidate(file, "domain"), name).toMatchObject({ ok: true });
    }
  });

  it("networks: every setting NixVirt gets is in the XML", () => {
    expect(nix.networks.length).toBe(model.networks.length);
    for (const entry of nix.networks) {
      const expected = nixvirtNetwork(entry.definition);
      expect(xmlNetwork(join(dir, "networks", `${entry.definition.name}.xml`))).toEqual(expected);
    }
  });

  it("pools and volumes: name, UUID, type, path; volume name, capacity, format, backing store", () => {
    expect(nix.pools.length).toBe(model.pools.length);
    for (const entry of nix.pools) {
      const d = entry.definition;
      const file = join(dir, "pools", `${d.name}.xml`);
      expect(xpathStrings(file, ["/pool/name", "/pool/uuid", "/pool/@type", "/pool/target/path"])).toEqual([d.name, d.uuid, d.type, d.target.path]);
      for (const vol of entry.volumes as Attrs[]) {
        expect(vol.name).toBe(vol.definition.name);
        expect(xmlVolume(join(dir, "volumes", d.name, `${vol.name}.xml`))).toBe(nixvirtVolume(vol.definition));
      }
      expect(Number(xpath(file, "count(/pool)"))).toBe(1);
    }
  });
});
