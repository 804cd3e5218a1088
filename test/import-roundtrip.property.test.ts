import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadTopology } from "../cli/load.js";
import { gib, lab, mib, type Lab } from "../dsl/index.js";
import { libvirtFiles } from "../generators/libvirt/index.js";
import { readLibvirt, type LibvirtDocument } from "../import/libvirt/read-lab.js";
import { normalizeDomain, normalizeNetwork, normalizePool, normalizeVolume } from "../import/libvirt/normalize.js";
import { formatTopology } from "../import/topology-file/format.js";
import { xmlLiteral } from "../import/topology-file/write.js";
import { buildModel } from "../model/build.js";
import { printElement } from "../syntax/xml/index.js";
import { parseXml } from "../syntax/xml/parse.js";
import { topologyFile } from "./support/topology.js";

/** A random lab: 1-3 networks, a pool with volumes (some overlays), VMs with NICs (some with static addresses) on them. */
const labs = fc
  .record({
    networks: fc.uniqueArray(fc.integer({ min: 1, max: 250 }), { minLength: 1, maxLength: 3 }).chain((octets) =>
      fc.tuple(...octets.map((o) => fc.record({ octet: fc.constant(o), mode: fc.constantFrom("nat", "route", "isolated" as const), dhcp: fc.boolean() }))),
    ),
    volumes: fc.array(fc.record({ gib: fc.integer({ min: 1, max: 500 }), raw: fc.boolean(), overlay: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    vms: fc.array(
      fc.record({
        windows: fc.boolean(),
        memoryMib: fc.integer({ min: 1, max: 64 }).map((n) => n * 256),
        vcpus: fc.integer({ min: 1, max: 16 }),
        nics: fc.array(fc.record({ net: fc.nat(), host: fc.option(fc.integer({ min: 2, max: 50 }), { nil: undefined }) }), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((spec): Lab => {
    const l = lab("prop");
    const nets = spec.networks.map((n, i) =>
      l.network(`net${i}`, { mode: n.mode, subnet: `10.${n.octet}.0.0/24`, ...(n.dhcp && { dhcp: { start: `10.${n.octet}.0.100`, end: `10.${n.octet}.0.200` } }) }),
    );
    const pool = l.pool("images", { path: "/var/lib/libvirt/images/prop" });
    const volumes = spec.volumes.map((v, i) => pool.volume(`disk${i}`, { capacity: gib(v.gib), format: v.raw ? "raw" : "qcow2" }));
    const overlays = spec.volumes.map((v, i) => (v.overlay && i > 0 ? pool.volume(`overlay${i}`, { capacity: gib(v.gib), backing: volumes[i - 1]! }) : undefined));
    const disks = [...volumes, ...overlays.filter((v) => v !== undefined)];
    spec.vms.forEach((vm, i) => {
      const used = new Set<string>();
      const nics = vm.nics.flatMap((n) => {
        const net = spec.networks[n.net % spec.networks.length]!;
        const ip = n.host === undefined ? undefined : `10.${net.octet}.0.${n.host + i * 50 > 99 ? 2 : n.host + i * 50}`;
        const key = `${net.octet}/${ip}`;
        if (ip !== undefined && used.has(key)) return [];
        used.add(key);
        return [{ network: nets[n.net % nets.length]!, ...(ip !== undefined && i === 0 && { ip }) }];
      });
      const props = { memory: mib(vm.memoryMib), vcpus: vm.vcpus, disk: disks[i] ?? pool.volume(`system${i}`, { capacity: gib(20) }), nics };
      if (vm.windows) l.windowsVm(`vm${i}`, props);
      else l.linuxVm(`vm${i}`, props);
    });
    return l;
  });

/** Generated libvirt files as import input: every definition, volumes with their pool. */
function documents(files: ReadonlyMap<string, string>): LibvirtDocument[] {
  return [...files]
    .filter(([path]) => path.endsWith(".xml"))
    .map(([path, text]) => {
      const volume = /^libvirt\/volumes\/([^/]+)\//.exec(path);
      return { origin: path, text, ...(volume && { pool: volume[1] }) };
    });
}

const NORMALIZE = { networks: normalizeNetwork, pools: normalizePool, volumes: normalizeVolume, domains: normalizeDomain } as const;

const normalized = (path: string, text: string): string => {
  const kind = path.split("/")[1] as keyof typeof NORMALIZE;
  return printElement(NORMALIZE[kind](parseXml(text)));
};

describe("import is a round trip for labs homelab-gen generates: generate -> import -> generate gives the same definitions", () => {
  it("for random labs (networks, pools, overlays, Windows and Linux VMs with NICs and static addresses)", async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(labs, async (original) => {
        const first = buildModel(original, "prop.ts");
        if (!first.ok) return; // a generated lab the model refuses (e.g. an address clash) is not an import question
        const before = libvirtFiles(first.model);
        const imported = readLibvirt(documents(before));
        expect(imported.notImported).toEqual([]);
        // Every NIC comes back typed, on its network and in its place (none left in the kept <devices>).
        const nics = (vms: readonly { name: string; nics: readonly { network: string }[] }[]) => vms.map((v) => [v.name, v.nics.map((n) => n.network)]).sort();
        expect(nics(imported.vms.map((v) => ({ name: v.name, nics: v.props.nics })))).toEqual(nics(first.model.vms));
        const file = topologyFile("", "prop.ts");
        writeFileSync(file, await formatTopology("prop", imported, "prop.ts", []));
        const second = buildModel(loadTopology(file), file);
        if (!second.ok) throw new Error(second.diagnostics.map((d) => d.message).join("\n"));
        const after = libvirtFiles(second.model);
        const xml = (files: ReadonlyMap<string, string>) => [...files].filter(([p]) => p.endsWith(".xml")).map(([p, t]) => [p, normalized(p, t)]);
        expect(xml(after)).toEqual(xml(before));
        checked++;
      }),
      { numRuns: 12 },
    );
    // Most random labs are valid: the property was checked, not skipped.
    expect(checked).toBeGreaterThan(9);
  }, 120_000);
});

describe("kept XML in the topology file: a template literal reads back as the text it holds", () => {
  it("for any text, including backquotes, ${ and backslashes", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "`", "$", "{", "}", "\\", "\n", "<", "'", '"', " ", "é") }), (text) => {
        expect(new Function(`return ${xmlLiteral(text)};`)()).toBe(text);
      }),
    );
  });
});
