/** Helpers for the diagram tests: lay a model out to an SVG file, and labs with awkward names. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diagramSvg } from "../../cli/diagram-svg.js";
import { diagramSources } from "../../generators/diagram/index.js";
import type { Model } from "../../model/model.js";
import { synthExample } from "./generated.js";
import { xpathStrings } from "./xml.js";

/** A model's topology.svg, written to a temp file; returns the path and the text. */
export async function svgOf(model: Model): Promise<{ file: string; svg: string; mermaid: string; dot: string }> {
  const sources = diagramSources(model, { portable: false });
  const svg = await diagramSvg(sources);
  const file = join(mkdtempSync(join(tmpdir(), "hlg-svg-")), "topology.svg");
  writeFileSync(file, svg);
  return { file, svg, mermaid: sources.mermaid, dot: sources.dot };
}

/** How many SVG `<text>` elements read exactly `text` (after trimming). */
export const textCounts = (file: string, texts: readonly string[]): number[] =>
  xpathStrings(file, texts.map((t) => `count(//*[local-name()='text'][normalize-space(.)=${xpathLiteral(t)}])`)).map(Number);

/** An XPath 1.0 string literal of any text. */
function xpathLiteral(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat(${s.split("'").map((p) => `'${p}'`).join(`, "'", `)})`;
}

/** Names the DSL refuses, pushed into the SCCM model directly: the diagram must show them as text. */
export const HOSTILE_VM = "<script>alert(1)</script>";
export const HOSTILE_NET = "a&b \"q\" 'x' \\N";

/** The SCCM example's model with its first VM and first network renamed to {@link HOSTILE_VM} and {@link HOSTILE_NET}. */
export function hostileModel(): Model {
  const model = synthExample("sccm").model;
  const net = model.networks[0]!.name;
  const rename = (n: string) => (n === net ? HOSTILE_NET : n);
  return {
    ...model,
    networks: model.networks.map((n, i) => (i === 0 ? { ...n, name: HOSTILE_NET } : n)),
    vms: model.vms.map((vm, i) => ({ ...vm, ...(i === 0 && { name: HOSTILE_VM }), nics: vm.nics.map((nic) => ({ ...nic, network: rename(nic.network) })) })),
  };
}

/** Two hosts running VMs on a bridged network with a VLAN, a NAT network and pools on each, and an idle third host. */
export const FLEET_SOURCE = `import { gib, lab } from "homelab-gen";
const l = lab("fleet");
const a = l.host("alpha", { tags: ["lab"] });
const b = l.host("beta");
l.host("spare");
const lan = l.network("lan", { mode: "bridge", subnet: "10.20.0.0/24", bridge: "br20", vlan: 20, uplink: "eth0" });
const nat = l.network("inner", { host: b, subnet: "10.30.0.0/24" });
const pa = l.pool("pa", { host: a, path: "/srv/a" });
const pb = l.pool("pb", { host: b, path: "/srv/b" });
l.linuxVm("web", { host: a, memory: gib(1), disk: pa.volume("web", { capacity: gib(8) }), nics: [{ network: lan, ip: "10.20.0.5" }] });
l.linuxVm("db", { host: b, memory: gib(2), disk: pb.volume("db", { capacity: gib(8) }), nics: [{ network: lan }, { network: nat }] });
export default l;
`;
