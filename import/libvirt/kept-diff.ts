import { printElement, sameTree, type XmlElement } from "../../syntax/xml/index.js";
import type { KeptElement } from "../declarations.js";

const elements = (e: XmlElement): XmlElement[] => e.children.filter((c): c is XmlElement => c.kind === "element");

/** How a kept element is named in the comment above it: its start tag, e.g. `<forward mode='nat'>`. */
export const describe = (e: XmlElement): string => `<${[e.name, ...e.attrs.map(([k, v]) => `${k}='${v}'`)].join(" ")}>`;

/** Namespace prefixes an element and its descendants use in names (`test:runstate`, `libosinfo:os`). */
function prefixes(e: XmlElement, into = new Set<string>()): Set<string> {
  for (const name of [e.name, ...e.attrs.map(([k]) => k)]) {
    const colon = name.indexOf(":");
    if (colon > 0 && !name.startsWith("xmlns")) into.add(name.slice(0, colon));
  }
  for (const c of e.children) if (c.kind === "element") prefixes(c, into);
  return into;
}

/**
 * An element as a kept string, printed by the project's printer (2-space indent). Namespace
 * declarations it needs from the document's root (`xmlns:test` on `<domain>`) move onto it, so
 * the string is well-formed XML on its own.
 */
export function keep(e: XmlElement, what = describe(e), root?: XmlElement): KeptElement {
  const declared = new Map((root?.attrs ?? []).filter(([k]) => k.startsWith("xmlns:")).map(([k, v]) => [k.slice(6), v]));
  const needed = [...prefixes(e)].filter((p) => declared.has(p) && !e.attrs.some(([k]) => k === `xmlns:${p}`));
  const element = needed.length === 0 ? e : { ...e, attrs: [...e.attrs, ...needed.map((p) => [`xmlns:${p}`, declared.get(p)!] as const)] };
  return { what, xml: printElement(element) };
}

/**
 * The top-level elements of an imported definition that the one generated from its typed props
 * does not reproduce: compared after normalisation, the n-th element of a name against the n-th of
 * that name. `skip`: names handled by the caller (typed, or libvirt fills them in).
 *
 * @example
 * keptDifferences(input, generated, normalizeNetwork, new Set(["name"]))
 */
export function keptDifferences(
  input: XmlElement,
  generated: XmlElement,
  normalize: (e: XmlElement) => XmlElement,
  skip: ReadonlySet<string> = new Set(),
): KeptElement[] {
  // Skipped children are left out before normalising: a domain's <devices> is most of its size.
  const without = (e: XmlElement): XmlElement => ({ ...e, children: e.children.filter((c) => c.kind !== "element" || !skip.has(c.name)) });
  const a = elements(normalize(without(input)));
  const b = elements(normalize(without(generated)));
  const original = elements(input).filter((c) => !skip.has(c.name));
  const kept: KeptElement[] = [];
  const seen = new Map<string, number>();
  for (const child of a) {
    const n = seen.get(child.name) ?? 0;
    seen.set(child.name, n + 1);
    const counterpart = b.filter((c) => c.name === child.name)[n];
    if (counterpart !== undefined && sameTree(counterpart, child)) continue;
    kept.push(keep(original.filter((c) => c.name === child.name)[n]!, undefined, input));
  }
  return kept;
}
