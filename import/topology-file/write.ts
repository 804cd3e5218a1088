import type { Size } from "../../dsl/units.js";
import type { ImportedLab, KeptElement } from "../declarations.js";

/** A TypeScript identifier for a resource, unique in the file: `labNet`, `win11`, `pool2`. */
function identifiers(): (name: string, suffix?: string) => string {
  const taken = new Set(["lab", "gib", "mib", "tib", "kib", "bytes", "topology"]);
  return (name, suffix = "") => {
    const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
    const camel = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
    let base = camel.toLowerCase().endsWith(suffix.toLowerCase()) ? camel : camel + suffix;
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
    taken.add(id);
    return id;
  };
}

const SIZE_FN: Readonly<Record<Size["unit"], string>> = { B: "bytes", KiB: "kib", MiB: "mib", GiB: "gib", TiB: "tib" };
const size = (s: Size): string => `${SIZE_FN[s.unit]}(${s.count})`;
const str = (s: string): string => JSON.stringify(s);
/** A template literal holding XML text (backquotes, `${` and backslashes escaped, in one pass over it). */
export const xmlLiteral = (xml: string): string => `\`${xml.replace(/[\\`]|\$\{/g, "\\$&")}\``;

/**
 * A resource's kept XML stands in the statements as one shorthand property (`__hlgXml0__,`),
 * replaced by the `libvirtXml: [...]` list of note comments and template literals after formatting:
 * prettier leaves a template literal's text as it is anyway, and the code around it is then
 * formatted without carrying megabytes of XML, thousands of comments, or a node per element through
 * ts-morph and prettier (a large import's file is mostly XML).
 */
export const placeholder = (n: number): string => `__hlgXml${n}__`;

/** `// <what>` comment lines above a kept element (a comment never contains `*\/` issues: line comments). */
const note = (lines: readonly string[]): string => lines.map((l) => `// ${l.replace(/\r?\n/g, " ")}`).join("\n");

/** A kept element's comment and template literal, put in its list's place after formatting. */
export interface KeptLiteral {
  readonly note: string;
  readonly literal: string;
}

function keptXmlProp(kept: readonly KeptElement[], literals: (readonly KeptLiteral[])[]): string[] {
  if (kept.length === 0) return [];
  const list = kept.map((k) => ({ note: note([`kept as imported: ${k.what}`, ...(k.why === undefined ? [] : [k.why])]), literal: xmlLiteral(k.xml) }));
  return [`${placeholder(literals.push(list) - 1)},`];
}

/** `{ "KEY": "value", ... }` */
const record = (r: Readonly<Record<string, string>>): string => `{ ${Object.entries(r).map(([k, v]) => `${str(k)}: ${str(v)}`).join(", ")} }`;

/** An object literal from `key: value` source fragments. */
const object = (entries: readonly string[]): string => `{\n${entries.join("\n")}\n}`;
const prop = (key: string, value: string | undefined): string[] => (value === undefined ? [] : [`${key}: ${value},`]);

/**
 * The TypeScript source of a topology for what import read: one `lab(...)`, networks, pools with
 * their volumes, VMs, each a variable passed by handle; kept XML under a comment naming it; objects
 * the DSL cannot declare as comments with their XML. Built as text fragments, then given to
 * ts-morph's code model (statements, imports) and formatted by prettier in {@link formatTopology};
 * the kept XML as placeholders, with the lists of template literals that replace them after formatting.
 */
export function topologyStatements(labName: string, imported: ImportedLab): { imports: string[]; statements: string[]; literals: (readonly KeptLiteral[])[] } {
  const id = identifiers();
  const literals: (readonly KeptLiteral[])[] = [];
  const labVar = "topology";
  const statements: string[] = [`const ${labVar} = lab(${str(labName)});`];
  const netVars = new Map<string, string>();
  for (const n of imported.networks) {
    const v = id(n.name, "Net");
    netVars.set(n.name, v);
    const p = n.props;
    const entries = [
      `mode: ${str(p.mode)},`,
      `subnet: ${str(p.subnet)},`,
      ...prop("gateway", p.gateway && str(p.gateway)),
      ...prop("bridge", p.bridge && str(p.bridge)),
      ...prop("dhcp", p.dhcp && `{ start: ${str(p.dhcp.start)}, end: ${str(p.dhcp.end)} }`),
      ...prop("leases", p.leases && `[${p.leases.map((l) => `{ name: ${str(l.name)}, mac: ${str(l.mac)}, ip: ${str(l.ip)} }`).join(", ")}]`),
      ...prop("domain", p.domain && str(p.domain)),
      ...prop("uuid", p.uuid && str(p.uuid)),
      ...prop("mac", p.mac && str(p.mac)),
      ...keptXmlProp(n.kept, literals),
    ];
    statements.push(`const ${v} = ${labVar}.network(${str(n.name)}, ${object(entries)});`);
  }
  const volVars = new Map<string, string>();
  for (const pool of imported.pools) {
    const pv = id(pool.name, "Pool");
    statements.push(`const ${pv} = ${labVar}.pool(${str(pool.name)}, ${object([`path: ${str(pool.props.path)},`, ...prop("uuid", pool.props.uuid && str(pool.props.uuid)), ...keptXmlProp(pool.kept, literals)])});`);
    for (const vol of pool.volumes) {
      const vv = id(vol.name);
      volVars.set(`${pool.name}/${vol.name}`, vv);
      const entries = [
        `capacity: ${size(vol.capacity)},`,
        `format: ${str(vol.format)},`,
        ...prop("backing", vol.backing && volVars.get(`${pool.name}/${vol.backing}`)),
        ...prop("fileName", vol.fileName && str(vol.fileName)),
        ...keptXmlProp(vol.kept, literals),
      ];
      statements.push(`const ${vv} = ${pv}.volume(${str(vol.name)}, ${object(entries)});`);
    }
  }
  for (const vm of imported.vms) {
    const p = vm.props;
    const nics = p.nics.map(
      (n) => `{ network: ${netVars.get(n.network)}, mac: ${str(n.mac)}, model: ${str(n.model)}${n.ip === undefined ? "" : `, ip: ${str(n.ip)}`} }`,
    );
    const entries = [
      ...prop("uuid", p.uuid && str(p.uuid)),
      `memory: ${size(p.memory)},`,
      `vcpus: ${p.vcpus},`,
      ...prop("disk", p.disk && volVars.get(`${p.disk.pool}/${p.disk.volume}`)),
      ...(nics.length > 0 ? [`nics: [${nics.join(", ")}],`] : []),
      ...prop("virtio", p.virtio === undefined ? undefined : String(p.virtio)),
      ...prop("domainType", p.domainType && str(p.domainType)),
      ...keptXmlProp(vm.kept, literals),
    ];
    const method = vm.template === "windows" ? "windowsVm" : "linuxVm";
    statements.push(`${note([`${vm.template === "windows" ? "Windows" : "Linux"}: ${vm.because}.`])}\n${labVar}.${method}(${str(vm.name)}, ${object(entries)});`);
  }
  const pvVars = new Map<string, string>();
  for (const v of imported.podmanVolumes ?? []) {
    const id2 = id(v.name, "Volume");
    pvVars.set(v.name, id2);
    const entries = [...prop("owner", v.owner && `{ uid: ${v.owner.uid}${v.owner.gid === undefined ? "" : `, gid: ${v.owner.gid}`} }`), ...prop("labels", v.labels && record(v.labels))];
    statements.push(`const ${id2} = ${labVar}.podmanVolume(${str(v.name)}${entries.length > 0 ? `, ${object(entries)}` : ""});`);
  }
  const pnVars = new Map<string, string>();
  for (const n of imported.podmanNetworks ?? []) {
    const id2 = id(n.name, "Network");
    pnVars.set(n.name, id2);
    const entries = [
      ...prop("subnet", n.subnet && str(n.subnet)),
      ...prop("gateway", n.gateway && str(n.gateway)),
      ...prop("internal", n.internal ? "true" : undefined),
      ...prop("disableDns", n.disableDns ? "true" : undefined),
      ...prop("labels", n.labels && record(n.labels)),
    ];
    statements.push(`const ${id2} = ${labVar}.podmanNetwork(${str(n.name)}${entries.length > 0 ? `, ${object(entries)}` : ""});`);
  }
  for (const c of imported.containers ?? []) {
    const mounts = c.volumes?.map((m) =>
      "volume" in m
        ? `{ volume: ${pvVars.get(m.volume)}, path: ${str(m.path)}${m.readOnly ? ", readOnly: true" : ""} }`
        : `{ hostPath: ${str(m.hostPath)}, path: ${str(m.path)}${m.readOnly ? ", readOnly: true" : ""} }`,
    );
    const ports = c.ports?.map(
      (p) => `{ host: ${p.host}, container: ${p.container}${p.protocol ? `, protocol: ${str(p.protocol)}` : ""}${p.hostIp ? `, hostIp: ${str(p.hostIp)}` : ""} }`,
    );
    const rawSections = Object.entries(c.raw).map(
      ([section, keys]) => `${section}: {\n${Object.entries(keys).map(([k, vs]) => `${k}: [${vs.map(str).join(", ")}],`).join("\n")}\n},`,
    );
    const entries = [
      `image: ${str(c.image)},`,
      ...prop("user", c.user && str(c.user)),
      ...prop("exec", c.exec && `[${c.exec.map(str).join(", ")}]`),
      ...prop("ports", ports && `[${ports.join(", ")}]`),
      ...prop("volumes", mounts && `[${mounts.join(", ")}]`),
      ...prop("env", c.env && record(c.env)),
      ...prop("labels", c.labels && record(c.labels)),
      ...prop("networks", c.networks && `[${c.networks.map((n) => pnVars.get(n)).join(", ")}]`),
      ...prop("restart", c.restart && str(c.restart)),
      ...prop("wantedBy", c.wantedBy && `[${c.wantedBy.map(str).join(", ")}]`),
      ...prop("autoUpdate", c.autoUpdate && str(c.autoUpdate)),
      ...prop("workingDir", c.workingDir && str(c.workingDir)),
      ...prop("volatileTmp", c.volatileTmp ? "true" : undefined),
      ...(rawSections.length > 0 ? [`${note(c.rawNotes.map((n) => `kept as written: ${n}`))}\nraw: {\n${rawSections.join("\n")}\n},`] : []),
    ];
    const dropped = (c.notImported ?? []).map((d) => `NOT IMPORTED: ${d}`);
    statements.push(`${dropped.length > 0 ? `${note(dropped)}\n` : ""}${labVar}.container(${str(c.name)}, ${object(entries)});`);
  }
  for (const u of imported.notImportedUnits ?? []) {
    statements.push(note([`NOT IMPORTED: ${u.file}: ${u.why}. Its text:`, ...u.text.replace(/\n$/, "").split("\n")]));
  }
  for (const n of imported.notImported) {
    statements.push(note([`NOT IMPORTED: ${n.kind} ${n.name}: ${n.why}. Its definition:`, ...n.xml.split("\n")]));
  }
  statements.push(`export default ${labVar};`);
  const used = new Set(["lab"]);
  const all = statements.join("\n");
  for (const fn of Object.values(SIZE_FN)) if (new RegExp(`\\b${fn}\\(`).test(all)) used.add(fn);
  return { imports: [...used].sort(), statements, literals };
}
