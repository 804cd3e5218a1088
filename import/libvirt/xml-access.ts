import { canonicalUuid } from "./uuid.js";
import type { XmlElement } from "../../syntax/xml/index.js";

/** Small readers over the element tree, for the import readers. */
export const children = (e: XmlElement | undefined, name?: string): XmlElement[] =>
  (e?.children ?? []).filter((c): c is XmlElement => c.kind === "element" && (name === undefined || c.name === name));

export const child = (e: XmlElement | undefined, name: string): XmlElement | undefined => children(e, name)[0];

export const attr = (e: XmlElement | undefined, name: string): string | undefined => e?.attrs.find(([k]) => k === name)?.[1];

export const text = (e: XmlElement | undefined): string | undefined =>
  e === undefined ? undefined : e.children.map((c) => (c.kind === "text" ? c.value : "")).join("");

/** The object's `<uuid>` in libvirt's canonical form (kept as written when it is not a UUID: the model reports it). */
export const uuidOf = (e: XmlElement): string | undefined => {
  const written = text(child(e, "uuid"));
  return written === undefined ? undefined : (canonicalUuid(written) ?? written.trim());
};
