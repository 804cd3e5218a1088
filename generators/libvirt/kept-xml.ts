import type { XmlElement, XmlNode } from "../../syntax/xml/ast.js";
import { inLibvirtOrder } from "./element-order.js";

/** Elements a definition may repeat, with the attribute that tells them apart. */
const REPEATABLE: Readonly<Record<string, string>> = { ip: "address", route: "address", portgroup: "name" };

const sameElement = (a: XmlNode, b: XmlElement): boolean => {
  if (a.kind !== "element" || a.name !== b.name) return false;
  const id = REPEATABLE[b.name];
  return id === undefined || a.attrs.find(([k]) => k === id)?.[1] === b.attrs.find(([k]) => k === id)?.[1];
};

/**
 * A generated definition with a resource's imported `libvirtXml` elements applied: an imported
 * element replaces the generated child of the same name, except `<devices>`, whose imported devices
 * join the generated ones; of the elements a definition may repeat (a network's `<ip>`, `<route>`,
 * `<portgroup>`) it replaces the one with the same address or name. Other imported elements are
 * added. Children end up in libvirt's order.
 *
 * @example
 * withKeptXml(networkXml(net, leases), net.libvirtXml)
 */
export function withKeptXml(generated: XmlElement, kept: readonly XmlElement[]): XmlElement {
  if (kept.length === 0) return generated;
  const children: XmlNode[] = [...generated.children];
  for (const element of kept) {
    const at = children.findIndex((c) => sameElement(c, element));
    const existing = children[at];
    if (at === -1 || existing?.kind !== "element") children.push(element);
    else if (element.name === "devices") children[at] = inLibvirtOrder({ ...existing, children: [...existing.children, ...element.children] });
    else children[at] = element;
  }
  return inLibvirtOrder({ ...generated, children });
}
