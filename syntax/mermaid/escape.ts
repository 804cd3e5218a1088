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

const LABEL_SAFE = /[A-Za-z0-9 ,.:/_+=@()-]/;

/**
 * A label's text as it goes between the quotes of `id["..."]`. A `:` stays (addresses and MACs stay
 * readable in the file) except before `fa-`, where Mermaid would draw a Font Awesome icon.
 * Example: `mermaidText("a&b")` returns `a#38;b`.
 */
export function mermaidText(s: string): string {
  let out = "";
  const chars = [...s];
  chars.forEach((ch, i) => {
    const icon = ch === ":" && chars.slice(i + 1, i + 4).join("") === "fa-";
    out += LABEL_SAFE.test(ch) && !icon ? ch : `#${ch.codePointAt(0)!};`;
  });
  return out;
}

/** A Mermaid node, subgraph or class id for any string. Example: `mermaidId("vm/DC01")` returns `nvm_2f_DC01`. */
export function mermaidId(id: string): string {
  let out = "n";
  for (const ch of id) {
    if (/[A-Za-z0-9]/.test(ch)) out += ch;
    else if (ch === "_") out += "__";
    else out += `_${ch.codePointAt(0)!.toString(16)}_`;
  }
  return out;
}

/** A `%%` comment's text on one line; a `{` after `%%` would start a directive. */
export const mermaidComment = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/^\s*\{/, " {");
