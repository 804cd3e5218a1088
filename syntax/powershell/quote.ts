/**
 * Quoting for Windows PowerShell 5.1 (and PowerShell 7): the one place generated PowerShell scripts
 * turn data into source text.
 *
 * A verbatim (single-quoted) string literal expands nothing: no `$variables`, no backtick escapes,
 * no subexpressions. The language specification (about_Quoting_Rules; PowerShell Language
 * Specification 3.0, section 2.3.5.2, `verbatim-string-literal`) counts FOUR characters as a single
 * quote: U+0027 APOSTROPHE and the typographic U+2018, U+2019, U+201A, U+201B. Any of them ends the
 * literal, and any of them written twice stands for itself once. So each is doubled, and every other
 * character, line breaks included, stands for itself.
 *
 * There is no PowerShell on Debian (no `powershell` package in bookworm), so
 * test/powershell-quote.property.test.ts checks this against a reader written from that grammar.
 */

/** The characters PowerShell treats as a single quote. */
export const PS_SINGLE_QUOTES = ["'", "\u2018", "\u2019", "\u201A", "\u201B"] as const;

const QUOTE = /['\u2018\u2019\u201A\u201B]/g;

/**
 * A PowerShell verbatim string literal that reads back as exactly `s`. Throws for NUL and lone
 * UTF-16 surrogates (a script file is UTF-8: neither survives it).
 *
 * @example
 * psString("lab.local")       // 'lab.local'
 * psString("it's $env:PATH")  // 'it''s $env:PATH'
 */
export function psString(s: string): string {
  if (s.includes("\0")) throw new Error(`${JSON.stringify(s)} contains NUL, which a PowerShell script file cannot hold`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) {
    throw new Error(`${JSON.stringify(s)} contains a lone UTF-16 surrogate (not valid Unicode)`);
  }
  return `'${s.replace(QUOTE, (q) => q + q)}'`;
}

/**
 * A PowerShell array of verbatim strings: `@('a', 'b')`.
 *
 * @example
 * psArray(["192.168.56.0/24"]) // @('192.168.56.0/24')
 */
export const psArray = (items: readonly string[]): string => `@(${items.map(psString).join(", ")})`;
