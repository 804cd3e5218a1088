/**
 * XML element tree and its builders: the only way the project describes XML (libvirt definitions).
 *
 * Generators build a tree with `el`, `text` and `comment` and hand it to `printXml` (printer.ts),
 * which owns escaping and layout. Builders check eagerly, so a bad name or an unrepresentable
 * character fails where it was produced, not later as an XML parse error; the printer checks again
 * (nodes are plain objects and could be built by hand).
 */

/** Any node the printer knows. */
export type XmlNode = XmlElement | XmlText | XmlComment;

/** `<name a='1'>children</name>`; attributes keep the given order. */
export interface XmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly attrs: readonly (readonly [string, string])[];
  readonly children: readonly XmlNode[];
}

/** Character data; printed escaped. */
export interface XmlText {
  readonly kind: "text";
  readonly value: string;
}

/** `<!-- value -->`; the value never contains `--` or CR, nor ends in `-` (see {@link commentSafe}). */
export interface XmlComment {
  readonly kind: "comment";
  readonly value: string;
}

/** A document: comments before the root element (a file header), then the root. */
export interface XmlDocument {
  readonly comments: readonly XmlComment[];
  readonly root: XmlElement;
}

/** An attribute value as a builder takes it: `undefined` leaves the attribute out. */
export type AttrValue = string | number | undefined;

/** A child as a builder takes it: `undefined`, `false` and `null` are dropped, strings become text. */
export type Child = XmlNode | string | undefined | null | false;

// XML 1.0 Name, restricted to ASCII (all libvirt and answer-file names are): a letter or `_` first,
// then letters, digits, `_`, `-`, `.`; optionally one `prefix:` in front (a namespace-qualified name:
// Windows answer files use `xmlns:wcm` and `wcm:action`, imported `<metadata>` `<libosinfo:os>`).
const NAME = /^(?:[A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Throws unless `name` is an element or attribute name the printer accepts. */
export function assertXmlName(name: string): void {
  if (!NAME.test(name)) {
    throw new Error(`invalid XML name ${JSON.stringify(name)}: use ASCII letters, digits, '_', '-', '.', start with a letter or '_', at most one 'prefix:'`);
  }
}

/**
 * Throws unless every character of `s` is an XML 1.0 `Char`: tab, LF, CR, U+0020-U+D7FF,
 * U+E000-U+FFFD, U+10000-U+10FFFF. Other C0 controls, U+FFFE/U+FFFF and lone surrogates cannot
 * appear in an XML 1.0 document at all, not even as character references.
 */
export function assertXmlChars(s: string, what = "text"): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new Error(`${what} ${show(s)} contains a lone UTF-16 surrogate, which XML cannot represent`);
    }
    const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
    if (!ok) {
      throw new Error(`${what} ${show(s)} contains U+${c.toString(16).toUpperCase().padStart(4, "0")}, which XML 1.0 cannot represent`);
    }
  }
}

function show(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);
}

/**
 * An element. Attributes whose value is `undefined` are left out; numbers must be safe integers.
 * Children: nodes, strings (text), and `undefined`/`null`/`false` (dropped, for optional parts).
 * An element may hold text or elements, not both (libvirt never mixes them, and indenting mixed
 * content would change its text).
 *
 * @example
 * el("memory", { unit: "GiB" }, ["2"])                 // <memory unit='GiB'>2</memory>
 * el("source", { network: "lab-net", bridge: undefined }) // <source network='lab-net'/>
 */
export function el(name: string, attrs: Readonly<Record<string, AttrValue>> = {}, children: readonly Child[] = []): XmlElement {
  assertXmlName(name);
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    assertXmlName(key);
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      throw new Error(`attribute ${key} of <${name}>: ${value} is not a safe integer`);
    }
    const s = String(value);
    assertXmlChars(s, `attribute ${key} of <${name}>`);
    pairs.push([key, s]);
  }
  const nodes: XmlNode[] = [];
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    nodes.push(typeof child === "string" ? text(child) : child);
  }
  assertNotMixed(name, nodes);
  return { kind: "element", name, attrs: pairs, children: nodes };
}

/** Throws when an element has both text and element (or comment) children. */
export function assertNotMixed(name: string, children: readonly XmlNode[]): void {
  const texts = children.filter((c) => c.kind === "text").length;
  if (texts > 0 && texts < children.length) {
    throw new Error(`<${name}> mixes text and elements; the printer does not write mixed content`);
  }
}

/** Character data. Example: `text("a < b")` prints `a &lt; b`. */
export function text(value: string): XmlText {
  assertXmlChars(value);
  return { kind: "text", value };
}

/**
 * Make any representable string usable as a comment: a space goes between two hyphens in a row and
 * after a trailing hyphen (XML forbids `--` inside a comment and `-` right before `-->`), and CR or
 * CRLF becomes LF (what a parser would read anyway: comments have no character references).
 * Comments are notes for people, so this small change is acceptable where data would need escaping.
 *
 * @example
 * commentSafe("run a--b -") // "run a- -b - "
 */
export function commentSafe(s: string): string {
  let out = s.replace(/\r\n?/g, "\n");
  while (out.includes("--")) out = out.replaceAll("--", "- -");
  return out.endsWith("-") ? `${out} ` : out;
}

/** A comment; throws when `value` contains `--` or CR or ends in `-` (pass it through {@link commentSafe}). */
export function comment(value: string): XmlComment {
  assertCommentText(value);
  return { kind: "comment", value };
}

/** Throws unless `value` can stand between `<!--` and `-->` and read back unchanged. */
export function assertCommentText(value: string): void {
  assertXmlChars(value, "comment");
  if (value.includes("--") || value.endsWith("-")) {
    throw new Error(`comment ${show(value)} contains "--" or ends in "-"; XML forbids both (use commentSafe)`);
  }
  if (value.includes("\r")) throw new Error(`comment ${show(value)} contains CR, which a parser reads as LF (use commentSafe)`);
}

/**
 * A document: header comment lines (each made safe with {@link commentSafe}) and the root element.
 *
 * @example
 * doc(["Generated by homelab-gen."], el("network", {}, [el("name", {}, ["lab-net"])]))
 */
export const doc = (header: readonly string[], root: XmlElement): XmlDocument => ({
  comments: header.map((line) => comment(commentSafe(line))),
  root,
});

/** Whether two trees are the same: names, attributes in order, children, texts. */
export function sameTree(a: XmlNode, b: XmlNode): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== "element" || b.kind !== "element") return (a as XmlText | XmlComment).value === (b as XmlText | XmlComment).value;
  return (
    a.name === b.name &&
    a.attrs.length === b.attrs.length &&
    a.attrs.every(([k, v], i) => b.attrs[i]![0] === k && b.attrs[i]![1] === v) &&
    a.children.length === b.children.length &&
    a.children.every((c, i) => sameTree(c, b.children[i]!))
  );
}

/** `yes` / `no`, libvirt's usual boolean attribute values. */
export const yesNo = (b: boolean): string => (b ? "yes" : "no");

/** `on` / `off`, libvirt's feature-state attribute values. */
export const onOff = (b: boolean): string => (b ? "on" : "off");
