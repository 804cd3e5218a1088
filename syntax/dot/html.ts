/**
 * Graphviz HTML-like labels (`label=<...>`): the only way the project puts visible text into DOT.
 *
 * Quoted DOT strings are a poor carrier for arbitrary text: a trailing backslash cannot be written,
 * and Graphviz's SVG renderer leaves `&amp;`-looking text in them unescaped (so `a&amp;b` would
 * show as `a&b`). HTML-like labels are XML: text escaped with entities is read back exactly, and
 * Graphviz escapes it again in the SVG it writes. Graphviz still expands `\N` (node name), `\G`
 * and the like in them, after the entities: a backslash is written doubled.
 *
 * Graphviz drops tabs and line breaks inside label text and its XML parser refuses characters
 * XML 1.0 cannot carry, so the printer writes whitespace controls as spaces and the others as
 * U+FFFD; line breaks are `<BR/>` elements.
 */

/** An element of an HTML-like label: `TABLE`, `TR`, `TD`, `FONT`, `B`, `I`, `BR`. */
export interface HtmlElement {
  readonly kind: "element";
  readonly name: HtmlTag;
  readonly attrs: Readonly<Record<string, string | number>>;
  readonly children: readonly HtmlNode[];
}

/** Tags Graphviz accepts in HTML-like labels (the ones this project uses). */
export type HtmlTag = "TABLE" | "TR" | "TD" | "FONT" | "B" | "I" | "BR";

/** Text; printed escaped. */
export interface HtmlText {
  readonly kind: "text";
  readonly value: string;
}

export type HtmlNode = HtmlElement | HtmlText;

/** A whole label: printed as `<...>` where DOT takes an ID. */
export interface HtmlLabel {
  readonly kind: "html";
  readonly content: readonly HtmlNode[];
}

/**
 * Builds an element; strings become text.
 *
 * @example
 * html(h("B", {}, ["DC01"]), h("BR"), "windows · 2 GiB")
 */
export const h = (name: HtmlTag, attrs: Readonly<Record<string, string | number>> = {}, children: readonly (HtmlNode | string)[] = []): HtmlElement => ({
  kind: "element",
  name,
  attrs,
  children: children.map(toNode),
});

/** A label from text and elements. */
export const html = (...content: (HtmlNode | string)[]): HtmlLabel => ({ kind: "html", content: content.map(toNode) });

const toNode = (c: HtmlNode | string): HtmlNode => (typeof c === "string" ? { kind: "text", value: c } : c);

// Attribute names Graphviz knows are ASCII words; values are ours (colours, sizes, alignments).
const ATTR_NAME = /^[A-Z][A-Z-]*$/;

/** XML 1.0 `Char` without the controls Graphviz drops (tab, LF, CR). */
const XML_CHAR = /[\u0020-\uD7FF\uE000-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF]/y;

/** Escapes label text: markup characters as entities, whitespace controls as spaces, the rest as U+FFFD. */
export function escapeHtmlText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    XML_CHAR.lastIndex = i;
    const m = XML_CHAR.exec(s);
    if (m) {
      const ch = m[0];
      out += ESCAPES[ch] ?? ch;
      i += ch.length;
    } else {
      out += /[\t\n\r]/.test(s[i]!) ? " " : "\uFFFD";
      i += 1;
    }
  }
  return out;
}

// Graphviz expands `\N`, `\G`, `\L`... in label text after reading the entities, and reads `\\` as one backslash.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "\\\\" };

function printNode(node: HtmlNode): string {
  if (node.kind === "text") return escapeHtmlText(node.value);
  let attrs = "";
  for (const [key, value] of Object.entries(node.attrs)) {
    if (!ATTR_NAME.test(key)) throw new Error(`invalid HTML-like label attribute ${JSON.stringify(key)}`);
    attrs += ` ${key}="${escapeHtmlText(String(value))}"`;
  }
  if (node.name === "BR") return `<BR${attrs}/>`;
  return `<${node.name}${attrs}>${node.children.map(printNode).join("")}</${node.name}>`;
}

/** The label as DOT writes it, angle brackets included. */
export const printHtmlLabel = (label: HtmlLabel): string => `<${label.content.map(printNode).join("")}>`;
