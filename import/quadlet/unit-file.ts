/**
 * Reading Quadlet unit files the way quadlet does (podman's pkg/systemd/parser/unitfile.go,
 * `UnitFile.Parse`): each line trimmed, `[Section]` headers, `Key=Value` lines, `#` and `;`
 * comments (also between continued lines), and a line ending in `\` continued by the next, joined
 * with nothing between them. Values are kept as written; list keys are split into words by
 * {@link splitWords}.
 */

/** One `Key=Value` line: its section, key and raw value, in file order. */
export interface UnitEntry {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/** A unit file that does not parse, with its line number. */
export class UnitParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Every entry of a unit file, in order.
 *
 * @example
 * parseUnitFile("[Container]\nImage=docker.io/library/nginx:1.27\n") // [{ section: "Container", key: "Image", value: "docker.io/..." }]
 */
export function parseUnitFile(text: string): UnitEntry[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const entries: UnitEntry[] = [];
  let section: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    // A continued line: joined with the next as they are (trimmed), comment lines between them skipped.
    while (line.endsWith("\\") && i + 1 < lines.length) {
      i++;
      const next = lines[i]!.trim();
      if (next.startsWith("#") || next.startsWith(";")) continue;
      line = line.slice(0, -1) + next;
    }
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new UnitParseError(`line ${start + 1} is neither [Section] nor Key=Value: ${JSON.stringify(line)}`, start + 1);
    if (section === undefined) throw new UnitParseError(`line ${start + 1}: ${line.slice(0, eq).trim()}= comes before any [Section]`, start + 1);
    entries.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  return entries;
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", s: " ", a: "\x07", b: "\b", f: "\f", v: "\v" };

/**
 * Split a value into words like systemd's `ExecStart=` (and quadlet's list keys): blanks separate
 * words, `"..."` and `'...'` quote, C escapes (`\n`, `\\`, `\xNN`, ...) are decoded. `undefined`
 * when the value does not split (an unterminated quote, an unknown escape): import then keeps the
 * line as written.
 *
 * @example
 * splitWords(`FOO=1 "BAR=a b"`) // ["FOO=1", "BAR=a b"]
 */
export function splitWords(value: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i]!)) i++;
    if (i >= value.length) break;
    let word = "";
    let quote: string | undefined;
    if (value[i] === '"' || value[i] === "'") quote = value[i++];
    for (; i < value.length; i++) {
      const c = value[i]!;
      if (quote !== undefined && c === quote) {
        i++;
        if (i < value.length && !/\s/.test(value[i]!)) return undefined; // systemd wants a blank after a closing quote
        quote = "done";
        break;
      }
      if (quote === undefined && /\s/.test(c)) break;
      if (c === "\\") {
        const e = value[i + 1];
        if (e === "x" && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 2, i + 4))) {
          word += String.fromCharCode(Number.parseInt(value.slice(i + 2, i + 4), 16));
          i += 3;
          continue;
        }
        if (e === undefined || ESCAPES[e] === undefined) return undefined;
        word += ESCAPES[e];
        i++;
        continue;
      }
      word += c;
    }
    if (quote !== undefined && quote !== "done") return undefined;
    words.push(word);
  }
  return words;
}
