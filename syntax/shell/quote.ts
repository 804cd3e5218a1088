/**
 * Quoting for POSIX shells (bash, dash): the one place generated shell scripts turn data into words.
 * Checked against real bash by test/shell-quote.property.test.ts.
 */

// Characters no POSIX shell treats specially anywhere in a word (no globbing, expansion, quoting,
// tilde, brace or assignment meaning as an argument).
const BARE = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * One shell word that the shell reads back as exactly `s`: bare when `s` is made only of
 * `A-Z a-z 0-9 _ @ % + : , . / -`, otherwise in single quotes with each `'` written as `'\''`.
 * Throws for NUL (arguments are C strings) and lone UTF-16 surrogates (not encodable as UTF-8).
 *
 * @example
 * shellQuote("lab-net")        // lab-net
 * shellQuote("it's $HOME")     // 'it'\''s $HOME'
 * shellQuote("")               // ''
 */
export function shellQuote(s: string): string {
  if (s.includes("\0")) throw new Error(`${JSON.stringify(s)} contains NUL, which no shell word can hold`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) {
    throw new Error(`${JSON.stringify(s)} contains a lone UTF-16 surrogate (not valid Unicode)`);
  }
  return BARE.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

/** Words joined by spaces, each quoted with {@link shellQuote}. Example: `shellWords(["a b", "c"])` is `'a b' c`. */
export const shellWords = (words: readonly string[]): string => words.map(shellQuote).join(" ");
