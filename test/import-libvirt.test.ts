import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { XmlElement } from "../syntax/xml/index.js";
import { parseXml } from "../syntax/xml/parse.js";
import { runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";
import { folderOf, importAndGenerate, inputFiles, normalizedPair } from "./support/import-roundtrip.js";
import { virtXmlValidate } from "./support/xml.js";

const CORPUS = join(ROOT, "test/fixtures/import/libvirt");

/** The corpus as labs: the test-driver and vagrant-libvirt folders as one lab each, every other file on its own. */
const LABS: { name: string; dir: () => string }[] = [
  ...["virt-manager-testdriver", "vagrant-libvirt"].map((folder) => ({ name: folder, dir: () => join(CORPUS, folder) })),
  ...["virt-manager", "nixvirt", "libvirt-tests"].flatMap((folder) =>
    readdirSync(join(CORPUS, folder))
      .sort()
      .map((f) => ({ name: `${folder}/${f}`, dir: () => folderOf(join(CORPUS, folder, f)) })),
  ),
];

const elementsNamed = (e: XmlElement | undefined, name: string): XmlElement[] => (e?.children ?? []).filter((c): c is XmlElement => c.kind === "element" && c.name === name);
const attrOf = (e: XmlElement | undefined, name: string): string | undefined => e?.attrs.find(([k]) => k === name)?.[1];

/** Each `<interface>` of a domain: its type and the network it is on. */
const interfaceSources = (xml: string): { type?: string; network?: string }[] =>
  elementsNamed(elementsNamed(parseXml(xml), "devices")[0], "interface").map((i) => ({ type: attrOf(i, "type"), network: attrOf(elementsNamed(i, "source")[0], "network") }));

const nameOf = (xml: string): string => {
  const root = parseXml(xml);
  const name = root.children.find((c) => c.kind === "element" && c.name === "name");
  return name?.kind === "element" && name.children[0]?.kind === "text" ? name.children[0].value : "";
};

describe("import round trip over real libvirt XML: import -> generate -t libvirt -> the same XML after normalisation", () => {
  for (const lab of LABS) {
    it(lab.name, () => {
      const dir = lab.dir();
      const { topology, libvirtDir } = importAndGenerate(dir);
      const source = readFileSync(topology, "utf8");
      // Pool folders, for disks on pool volumes.
      const poolPaths = new Map<string, string>();
      for (const f of inputFiles(dir)) {
        const root = parseXml(readFileSync(f.path, "utf8"));
        if (root.name === "pool") {
          const target = root.children.find((c) => c.kind === "element" && c.name === "target");
          const path = target?.kind === "element" ? target.children.find((c) => c.kind === "element" && c.name === "path") : undefined;
          if (path?.kind === "element" && path.children[0]?.kind === "text") poolPaths.set(nameOf(readFileSync(f.path, "utf8")), path.children[0].value);
        }
      }
      const volumePaths = new Map<string, string>();
      for (const f of inputFiles(dir)) {
        if (f.pool !== undefined && poolPaths.has(f.pool)) {
          const name = nameOf(readFileSync(f.path, "utf8"));
          volumePaths.set(`${f.pool}/${name}`, `${poolPaths.get(f.pool)}/${name}`);
        }
      }
      let compared = 0;
      for (const f of inputFiles(dir)) {
        const text = readFileSync(f.path, "utf8");
        const root = parseXml(text);
        const name = nameOf(text);
        const folder = { network: "networks", pool: "pools", domain: "domains", volume: `volumes/${f.pool}` }[root.name]!;
        const generated = join(libvirtDir, folder, `${name}.xml`);
        if (!existsSync(generated)) {
          // Not imported: said so in the topology, with its XML.
          const kind = root.name === "volume" ? "volume" : root.name;
          expect(source, `${f.path} was neither generated nor reported`).toMatch(new RegExp(`// NOT IMPORTED: ${kind} (\\S+/)?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
          continue;
        }
        const pair = normalizedPair(root.name, text, readFileSync(generated, "utf8"), volumePaths);
        expect(pair.generated, `${f.path} -> ${generated}`).toBe(pair.input);
        compared++;
      }
      expect(compared + (source.match(/\/\/ NOT IMPORTED: /g) ?? []).length).toBe(inputFiles(dir).length);
    });
  }
});

describe("what import recognises in the corpus", () => {
  const imported = (dir: string): string => readFileSync(importAndGenerate(dir).topology, "utf8");

  it("Windows 11 (UEFI, TPM, Hyper-V) becomes a windowsVm; the cloud image VM a linuxVm", () => {
    expect(imported(folderOf(join(CORPUS, "virt-manager/virt-install-win11.xml")))).toMatch(/\/\/ Windows: Hyper-V enlightenments\.\ntopology\.windowsVm\("win11"/);
    expect(imported(folderOf(join(CORPUS, "nixvirt/domain-win11.xml")))).toMatch(/\/\/ Windows: libosinfo says Windows\.\ntopology\.windowsVm\("Win11"/);
    expect(imported(folderOf(join(CORPUS, "virt-manager/virt-install-cloud-init-default.xml")))).toMatch(/topology\.linuxVm\("fedora28"/);
  });

  it("the dir pool's qcow2 and raw volumes and the backing chain become volume handles", () => {
    const source = imported(join(CORPUS, "virt-manager-testdriver"));
    expect(source).toContain(`const backingl3 = poolDirPool.volume("backingl3", {\n  capacity: bytes(1000000),\n  format: "raw",\n  fileName: "backingl3.img",\n});`);
    expect(source).toContain(`const backingl2 = poolDirPool.volume("backingl2", {\n  capacity: bytes(1000000),\n  format: "qcow2",\n  backing: backingl3,\n  fileName: "backingl2.img",\n});`);
    expect(source).toContain(`const backingl1 = poolDirPool.volume("backingl1", {\n  capacity: bytes(100000),\n  format: "qcow2",\n  backing: backingl2,`);
    expect(source).toContain(`const overlay = poolDirPool.volume("overlay", {\n  capacity: bytes(1000000),\n  format: "qcow2",\n  backing: backingl1,`);
    expect(source).toContain(`const aaaUnused = poolDirPool.volume("aaa-unused", {\n  capacity: bytes(1000000),\n  format: "qcow2",\n  libvirtXml: [`);
  });

  it("NAT, routed and isolated networks keep their mode, subnet, DHCP range, bridge and UUID", () => {
    const source = imported(join(CORPUS, "virt-manager-testdriver"));
    expect(source).toContain(`const isolatedNet = topology.network("isolated_net", {\n  mode: "isolated",\n  subnet: "192.168.100.0/24",`);
    expect(source).toContain(`const routeNet = topology.network("route", {\n  mode: "route",`);
    expect(source).toMatch(/const defaultNet = topology\.network\("default", \{\n  mode: "nat",\n  subnet: "192\.168\.122\.0\/24",[^]*uuid: "715666b7-dbd4-6c78-fa55-94863da09f2d",/);
  });

  it("vagrant-libvirt's VM with two virtio NICs on two networks: imported, both NICs written back in order, the comment says why they stay XML", () => {
    const { topology, libvirtDir } = importAndGenerate(join(CORPUS, "vagrant-libvirt"));
    const source = readFileSync(topology, "utf8");
    expect(source).toContain(`topology.linuxVm("vagrant-libvirt_default", {\n  uuid: "881a931b-0110-4d10-81aa-47a1a19f5726",\n  memory: gib(2),\n  vcpus: 2,\n`);
    expect(interfaceSources(readFileSync(join(libvirtDir, "domains/vagrant-libvirt_default.xml"), "utf8"))).toEqual([
      { type: "network", network: "vagrant-libvirt" },
      { type: "network", network: "private" },
    ]);
    expect(source).toContain(
      "    // kept as imported: devices: emulator, disk, 2 × controller, 2 × interface, serial, console, 2 × input, graphics, audio, video, memballoon\n" +
        "    // interface 1 (on network vagrant-libvirt) is kept, not typed: its network vagrant-libvirt is not imported; the one after it stays too, so the NICs keep their order\n",
    );
    expect(source).toContain("// NOT IMPORTED: network vagrant-libvirt: ipv6='yes' on <network> is not a DSL option. Its definition:");
  });

  it("vagrant-libvirt's network without ipv6='yes' (a copy): its DHCP range holds the gateway, so its <ip> is kept and it round-trips; the NICs, given MACs, stay XML for <driver iommu='on'>", () => {
    const dir = join(CORPUS, "vagrant-libvirt");
    const network = readFileSync(join(dir, "network-vagrant-libvirt.xml"), "utf8").replace("<network connections='1' ipv6='yes'>", "<network connections='1'>");
    let n = 0;
    const domain = readFileSync(join(dir, "domain-existing_with_two_interfaces_iommu.xml"), "utf8").replace(/<interface type='network'>\n/g, (m) => `${m}      <mac address='52:54:00:00:00:0${++n}'/>\n`);
    const input = mkdtempSync(join(tmpdir(), "hlg-import-in-"));
    writeFileSync(join(input, "network.xml"), network);
    writeFileSync(join(input, "domain.xml"), domain);
    const { topology, libvirtDir } = importAndGenerate(input);
    const source = readFileSync(topology, "utf8");
    expect(source).toContain(
      "    // kept as imported: <ip address='192.168.121.1' netmask='255.255.255.0'>\n" +
        "    // its DHCP range 192.168.121.1-192.168.121.254 holds the gateway 192.168.121.1, which a DSL network cannot have\n",
    );
    const pair = normalizedPair("network", network, readFileSync(join(libvirtDir, "networks/vagrant-libvirt.xml"), "utf8"));
    expect(pair.generated).toBe(pair.input);
    expect(source).toContain(
      "// interface 1 (on network vagrant-libvirt) is kept, not typed: it has more than a typed NIC writes: <driver iommu='on'>; the one after it stays too, so the NICs keep their order",
    );
  });

  it("without --lan-subnet, a network on a host bridge is written as a NOT IMPORTED comment with its XML, never dropped", () => {
    const source = imported(folderOf(join(CORPUS, "libvirt-tests/network-host-bridge-net.xml")));
    expect(source).toContain(`// NOT IMPORTED: network host-bridge-net: it joins a host bridge; give its LAN's subnet (import --lan-subnet CIDR) to import it as mode "bridge"`);
    expect(source).toContain(`//   <forward mode='bridge'/>`);
  });

  it("with --lan-subnet, a network on a host bridge becomes a bridge-mode network, and its XML round-trips", () => {
    const input = join(CORPUS, "libvirt-tests/network-host-bridge-net.xml");
    const dir = folderOf(input);
    const out = join(dir, "lab.ts");
    const r = runCli(["import", "--xml", dir, "--lan-subnet", "192.168.1.0/24", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const source = readFileSync(out, "utf8");
    expect(source).toContain(`const hostBridgeNet = topology.network("host-bridge-net", {\n  mode: "bridge",\n  subnet: "192.168.1.0/24",\n  bridge: "br0",\n  uuid: "81ff0d90-c91e-6742-64da-4a736edb9a8e",\n});`);
    const generated = runCli([out, "-t", "libvirt", "--out", join(dir, "out")], { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    const pair = normalizedPair("network", readFileSync(input, "utf8"), readFileSync(join(dir, "out/libvirt/networks/host-bridge-net.xml"), "utf8"));
    expect(pair.generated).toBe(pair.input);
  });

  it("the generated XML of imported objects passes libvirt's schemas (virt-xml-validate)", () => {
    const { libvirtDir } = importAndGenerate(folderOf(join(CORPUS, "virt-manager/virt-install-win11.xml")));
    expect(virtXmlValidate(join(libvirtDir, "domains/win11.xml"), "domain")).toMatchObject({ ok: true });
    const net = importAndGenerate(folderOf(join(CORPUS, "libvirt-tests/network-nat-network.xml")));
    expect(virtXmlValidate(join(net.libvirtDir, "networks/default.xml"), "network")).toMatchObject({ ok: true });
  });
});

describe("homelab-gen import on bad input: a clear error naming the file, nothing written", () => {
  const attempt = (files: Record<string, string>) => {
    const dir = folderOf(join(CORPUS, "libvirt-tests/network-isolated-network.xml"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const out = join(dir, "lab.ts");
    const r = runCli(["import", "--xml", dir, "-o", out]);
    return { ...r, written: existsSync(out) };
  };

  it("malformed XML", () => {
    const r = attempt({ "broken.xml": "<network>\n  <name>x</name>\n</netwerk>\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.xml:3:\d+: malformed XML: Expected closing tag 'network'.*; nothing was written\./);
    expect(r.written).toBe(false);
    // Cut short (a dump interrupted): the elements left open, where the file ends.
    const cut = attempt({ "cut.xml": "<domain>\n  <name>x</name>\n  <memory unit='KiB'>1024" });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain("cut.xml:3:26: malformed XML: the document ends before <domain>, <memory> are closed; nothing was written.");
    expect(cut.written).toBe(false);
  });

  it("an object type libvirt does not have", () => {
    const r = attempt({ "odd.xml": "<gadget><name>x</name></gadget>" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("odd.xml: <gadget> is not a libvirt object import reads (domain, network, pool, volume); nothing was written.");
    expect(r.written).toBe(false);
  });

  it("two objects with one name", () => {
    const r = attempt({ "twin.xml": readFileSync(join(CORPUS, "libvirt-tests/network-isolated-network.xml"), "utf8") });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/twin\.xml: network private is also defined in .*network-isolated-network\.xml; nothing was written\./);
    expect(r.written).toBe(false);
  });

  it("an output file in a folder that does not exist: the path and the reason, no stack trace", () => {
    const dir = folderOf(join(CORPUS, "libvirt-tests/network-isolated-network.xml"));
    const r = runCli(["import", "--xml", dir, "-o", join(dir, "missing/lab.ts")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\/lab\.ts: cannot write it: ENOENT.*; nothing was written\./);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unreachable URI: exit 3 naming virsh and the URI", () => {
    const dir = folderOf(join(CORPUS, "libvirt-tests/network-isolated-network.xml"));
    const r = runCli(["import", "--connect", "qemu+ssh://nobody@127.0.0.1:1/system", "-o", join(dir, "lab.ts")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("virsh could not read libvirt's definitions at qemu+ssh://nobody@127.0.0.1:1/system");
    expect(existsSync(join(dir, "lab.ts"))).toBe(false);
  });
});
