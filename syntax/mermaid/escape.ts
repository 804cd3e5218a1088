/**
 * Mermaid text and ids.
 *
 * Mermaid labels are quoted strings rendered as HTML; Mermaid turns `#<code>;` and `#<name>;` into
 * character references when it renders. So label text is written with every character outside
 * letters, digits and a few harmless punctuation marks as `#<code point>;`: quotes cannot end the
 * string, `<script>` stays text, backticks cannot start Markdown, `%%` cannot start a comment.
 *
 * Ids are letters, digits and `_` only (Mermaid's lexer splits on anything else and reserves words
 * such as `end`): `n` followed by the id with `_` written `__` and other characters `_<hex>_`, which
 * is one-to-one and never a keyword.
 */

// The diagram's own separators (· – →) stay readable in the file: they are no Mermaid syntax.
const LABEL_SAFE = /[A-Za-z0-9 ,.:/_+=@()\u00b7\u2013\u2192-]/;

/**
 * Before parsing, Mermaid drops the last `;` of any line matching `style.*:\S*#.*;` or
 * `classDef.*:\S*#.*;` (meant for colour codes), which would cut a character reference short.
 * The first letter of those words is escaped wherever they occur in labels and ids.
 */
const BROKEN_WORDS = /style|classDef/g;

/** Positions (code-point indices) of the first letters of the words Mermaid rewrites. */
function brokenStarts(chars: readonly string[]): Set<number> {
  const starts = new Set<number>();
  const text = chars.join("");
  for (const m of text.matchAll(BROKEN_WORDS)) starts.add([...text.slice(0, m.index)].length);
  return starts;
}

/**
 * A label's text as it goes between the quotes of `id["..."]`. A `:` stays (addresses and MACs stay
 * readable in the file) except before `fa-`, where Mermaid would draw a Font Awesome icon.
 * Example: `mermaidText("a&b")` returns `a#38;b`.
 */
export function mermaidText(s: string): string {
  const chars = [...s];
  const broken = brokenStarts(chars);
  let out = "";
  chars.forEach((ch, i) => {
    const icon = ch === ":" && chars.slice(i + 1, i + 4).join("") === "fa-";
    out += LABEL_SAFE.test(ch) && !icon && !broken.has(i) ? ch : `#${ch.codePointAt(0)!};`;
  });
  return out;
}

/** A Mermaid node, subgraph or class id for any string. Example: `mermaidId("vm/DC01")` returns `nvm_2f_DC01`. */
export function mermaidId(id: string): string {
  const chars = [...id];
  const broken = brokenStarts(chars);
  let out = "n";
  chars.forEach((ch, i) => {
    if (/[A-Za-z0-9]/.test(ch) && !broken.has(i)) out += ch;
    else if (ch === "_") out += "__";
    else out += `_${ch.codePointAt(0)!.toString(16)}_`;
  });
  return out;
}

/**
 * A `%%` comment's text on one line. Mermaid reads `%%{...}%%` anywhere in the text as a
 * directive, so runs of `%` are broken up.
 */
export const mermaidComment = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/%(?=%)/g, "% ").replace(/^\s*\{/, " {");
