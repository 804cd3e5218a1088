/**
 * Reading XML text into the project's element tree (ast.ts), the inverse of the printer for the
 * documents libvirt writes: elements, attributes and text. Parsing is fast-xml-parser's (pure JS,
 * no native build, order-preserving mode, a validator that reports line and column); this file
 * only maps its output onto {@link XmlElement}.
 *
 * What is not kept, because libvirt does not keep it either (`virsh define` then `dumpxml` drops
 * it): comments, processing instructions, the XML declaration, and whitespace-only text (between
 * elements, or as an element's whole content: `<source>\n</source>` reads as `<source/>`).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { XmlElement } from "./ast.js";

/** Malformed XML, or XML the tree cannot hold (mixed text and elements), with the position when known. */
export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are decoded below: the parser's own decoding leaves character references alone.
  processEntities: false,
  // Callbacks (none here) get the parser's matcher instead of a path string built for every tag.
  jPath: false,
});

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML's five predefined entities and character references; anything else is an error (no DTDs). */
function decode(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (_, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const ch = PREDEFINED[ref];
    if (ch === undefined) throw new XmlParseError(`unknown entity &${ref};`);
    return ch;
  });
}

/** One node of fast-xml-parser's ordered output: `{ tag: children, ":@": attributes }` or `{ "#text": s }`. */
type OrderedNode = Record<string, unknown>;

// Built directly, not through `el`: the validator has already checked names and characters, and
// `el`'s checks would run again over every character of large imports.
function toElement(node: OrderedNode): XmlElement | string | undefined {
  if ("#text" in node) return decode(String(node["#text"]));
  let name: string | undefined;
  for (const k in node) if (k !== ":@") name = k;
  if (name === undefined) return undefined;
  const attrs: [string, string][] = [];
  const given = node[":@"] as Record<string, string> | undefined;
  if (given) for (const k in given) attrs.push([k, decode(given[k]!)]);
  const elements: XmlElement[] = [];
  let text = "";
  for (const c of (node[name] ?? []) as OrderedNode[]) {
    const child = toElement(c);
    if (typeof child === "string") text += child;
    else if (child !== undefined) elements.push(child);
  }
  // Indentation between elements is layout, not content.
  if (elements.length > 0 && text.trim() !== "") throw new XmlParseError(`<${name}> mixes text and elements, which libvirt definitions never do`);
  const children: XmlElement["children"] = elements.length > 0 ? elements : text.trim() === "" ? [] : [{ kind: "text", value: text }];
  return { kind: "element", name, attrs, children };
}

/**
 * The validator's finding as an error. A document that ends inside elements is reported by
 * fast-xml-parser as `Invalid '[ "a", "b" ]' found.` at line 1: said here as the elements left
 * open, at the document's end.
 */
function validatorError(text: string, err: { msg: string; line: number; col: number }): XmlParseError {
  const open = /^Invalid '(\[.*\])' found\.$/s.exec(err.msg)?.[1];
  let names: unknown;
  try {
    names = open === undefined ? undefined : JSON.parse(open);
  } catch {
    names = undefined;
  }
  if (!Array.isArray(names) || names.length === 0) return new XmlParseError(err.msg, err.line, err.col);
  const lines = text.split("\n");
  const tags = names.map((n) => `<${String(n)}>`).join(", ");
  return new XmlParseError(`the document ends before ${tags} ${names.length === 1 ? "is" : "are"} closed`, lines.length, lines.at(-1)!.length + 1);
}

/**
 * Parse a document with one root element.
 *
 * @example
 * parseXml("<network><name>default</name></network>").children[0] // <name>default</name>
 */
export function parseXml(text: string): XmlElement {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw validatorError(text, valid.err);
  let roots: (XmlElement | string | undefined)[];
  try {
    roots = (parser.parse(text) as OrderedNode[]).filter((n) => !("#comment" in n)).map(toElement);
  } catch (error) {
    if (error instanceof XmlParseError) throw error;
    throw new XmlParseError((error as Error).message);
  }
  const elements = roots.filter((r): r is XmlElement => typeof r === "object");
  if (elements.length !== 1 || roots.some((r) => typeof r === "string" && r.trim() !== "")) {
    throw new XmlParseError(`expected one root element, found ${elements.length}`);
  }
  return elements[0]!;
}
