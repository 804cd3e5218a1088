/**
 * XML printer: the only place XML text is produced.
 *
 * Layout: one element per line, 2-space indent, `<a/>` when empty, `<a>text</a>` on one line,
 * attributes in single quotes (libvirt's own style), a final newline. No XML declaration: UTF-8 is
 * the default and libvirt reads either.
 *
 * Escaping is complete, so any string the builders accept reads back unchanged through a
 * conforming parser (test/xml-printer.property.test.ts checks this with xmllint):
 * - text: `&` `<` `>` as entities, CR as `&#xD;` (a parser turns a literal CR or CRLF into LF);
 * - attribute values: also `'` and `"`, and tab, LF and CR as character references (a parser
 *   turns literal ones into spaces: attribute-value normalization).
 */
import { assertCommentText, assertNotMixed, assertXmlChars, assertXmlName, type XmlDocument, type XmlElement, type XmlNode } from "./ast.js";

const INDENT = "  ";

/** Escape character data. Example: `escapeText("a<b & c")` returns `a&lt;b &amp; c`. */
export function escapeText(s: string): string {
  assertXmlChars(s);
  return s.replace(/[&<>\r]/g, (ch) => TEXT_ESCAPES[ch]!);
}

/** Escape an attribute value for single quotes. Example: `escapeAttr("it's")` returns `it&apos;s`. */
export function escapeAttr(s: string): string {
  assertXmlChars(s, "attribute value");
  return s.replace(/[&<>'"\t\n\r]/g, (ch) => ATTR_ESCAPES[ch]!);
}

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };
const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  "'": "&apos;",
  '"': "&quot;",
  "\t": "&#x9;",
  "\n": "&#xA;",
};

function startTag(e: XmlElement, close: string): string {
  assertXmlName(e.name);
  let out = `<${e.name}`;
  const seen = new Set<string>();
  for (const [key, value] of e.attrs) {
    assertXmlName(key);
    if (seen.has(key)) throw new Error(`<${e.name}> has attribute ${key} twice`);
    seen.add(key);
    out += ` ${key}='${escapeAttr(value)}'`;
  }
  return out + close;
}

function printNode(node: XmlNode, depth: number, lines: string[]): void {
  const pad = INDENT.repeat(depth);
  switch (node.kind) {
    case "comment":
      assertCommentText(node.value);
      lines.push(`${pad}<!--${node.value}-->`);
      return;
    case "text":
      // Only reached for a text node outside an element with text content: not producible by `el`.
      throw new Error("text outside an element cannot be printed");
    case "element": {
      assertNotMixed(node.name, node.children);
      if (node.children.length === 0) {
        lines.push(pad + startTag(node, "/>"));
      } else if (node.children.every((c) => c.kind === "text")) {
        const body = node.children.map((c) => escapeText((c as { value: string }).value)).join("");
        lines.push(`${pad}${startTag(node, ">")}${body}</${node.name}>`);
      } else {
        lines.push(pad + startTag(node, ">"));
        for (const child of node.children) printNode(child, depth + 1, lines);
        lines.push(`${pad}</${node.name}>`);
      }
      return;
    }
  }
}

/**
 * Print one element (no trailing newline).
 *
 * @example
 * printElement(el("mac", { address: "52:54:00:00:00:01" })) // "<mac address='52:54:00:00:00:01'/>"
 */
export function printElement(e: XmlElement): string {
  const lines: string[] = [];
  printNode(e, 0, lines);
  return lines.join("\n");
}

/**
 * Print a document: its header comments, one per line (`<!-- text -->`), then the root element,
 * then a newline.
 *
 * @example
 * printXml(doc(["Generated."], el("pool", { type: "dir" }))) // "<!-- Generated. -->\n<pool type='dir'/>\n"
 */
export function printXml(d: XmlDocument): string {
  const lines: string[] = [];
  for (const c of d.comments) {
    // A space on each side, as people write them; `value` is already free of `--` and a final `-`.
    assertCommentText(c.value);
    lines.push(`<!-- ${c.value} -->`);
  }
  printNode(d.root, 0, lines);
  return lines.join("\n") + "\n";
}
