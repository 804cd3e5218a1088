// There is no PowerShell on Debian (bookworm has no `powershell` package; `apt-cache policy
// powershell` finds nothing), so quoting is checked against a reader written from the language's
// documented grammar (PowerShell Language Specification 3.0, section 2.3.5.2):
//   verbatim-string-literal: single-quote-character verbatim-string-characters? single-quote-character
//   verbatim-string-part:    any Unicode character except single-quote-character
//                            | single-quote-character single-quote-character
//   single-quote-character:  ' (U+0027) | U+2018 | U+2019 | U+201A | U+201B
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { psArray, psString, PS_SINGLE_QUOTES } from "../syntax/powershell/index.js";

const isQuote = (ch: string | undefined): boolean => ch !== undefined && (PS_SINGLE_QUOTES as readonly string[]).includes(ch);

/** Reads one verbatim string literal at the start of `src`: its value and the rest of the source. */
function readVerbatim(src: string): { value: string; rest: string } {
  const chars = [...src];
  if (!isQuote(chars[0])) throw new Error(`not a verbatim string: ${JSON.stringify(src)}`);
  let value = "";
  for (let i = 1; i < chars.length; i++) {
    const ch = chars[i]!;
    if (!isQuote(ch)) {
      value += ch;
      continue;
    }
    // A pair stands for one quote character (psString doubles each quote with itself).
    if (isQuote(chars[i + 1])) {
      value += chars[i + 1];
      i++;
      continue;
    }
    return { value, rest: chars.slice(i + 1).join("") };
  }
  throw new Error(`unterminated verbatim string: ${JSON.stringify(src)}`);
}

const tricky = fc.constantFrom("'", "\u2018", "\u2019", "\u201A", "\u201B", "''", "$env:PATH", "$(Get-Date)", "`n", "`'", '"', "@'", "'@", "\n", "\r\n", "#", ";", "|", " ", "é", "\u{1F600}");
const value = fc
  .array(fc.oneof(tricky, fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 8 })
  .map((parts) => parts.join(""))
  .filter((s) => !s.includes("\0"));

describe("PowerShell verbatim strings (property, against the documented grammar)", () => {
  it("read back exactly, and end where the literal ends", () => {
    fc.assert(
      fc.property(value, (s) => {
        const { value: read, rest } = readVerbatim(`${psString(s)} -Force`);
        expect(read).toBe(s);
        expect(rest).toBe(" -Force");
      }),
      { numRuns: 2000 },
    );
  });

  it("an array reads back item by item", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), (items) => {
        let src = psArray(items);
        expect(src.startsWith("@(")).toBe(true);
        src = src.slice(2);
        const read: string[] = [];
        for (;;) {
          const { value: v, rest } = readVerbatim(src);
          read.push(v);
          if (rest === ")") break;
          expect(rest.startsWith(", ")).toBe(true);
          src = rest.slice(2);
        }
        expect(read).toEqual(items);
      }),
      { numRuns: 500 },
    );
  });

  it("examples, and what no script file can hold", () => {
    expect(psString("lab.local")).toBe("'lab.local'");
    expect(psString("it's $HOME")).toBe("'it''s $HOME'");
    expect(psString("\u2019")).toBe("'\u2019\u2019'");
    expect(() => psString("a\0b")).toThrow(/NUL/);
    expect(() => psString("\uD800")).toThrow(/surrogate/);
  });
});
