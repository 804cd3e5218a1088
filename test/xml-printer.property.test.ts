import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comment, commentSafe, doc, el, printXml, text } from "../syntax/xml/index.js";
import { SEP, xpathStrings } from "./support/xml.js";

// Every property batches its samples into ONE document and ONE xmllint run; on failure the message
// names the first mismatching sample (no shrinking: each shrink step would cost a process).
const BATCH = 200;
const RUNS = 3; // => 600 samples per property
const fcOpts = { numRuns: RUNS, endOnFailure: true } as const;

/** XML 1.0 `Char`. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
const representable = (s: string): boolean => [...s].every((ch) => isXmlChar(ch.codePointAt(0)!) && !(ch.length === 1 && /[\uD800-\uDFFF]/.test(ch)));

/** Pieces that break naive escapers: markup, entities, quotes, line ends, CDATA end, comment dashes. */
const tricky = fc.constantFrom(
  "&", "<", ">", "'", '"', "&amp;", "&lt;", "&#x41;", "&#65;", "]]>", "<![CDATA[", "<!--", "-->", "--", "-",
  "\r", "\n", "\r\n", "\t", " ", "  ", "\u0085", "\u2028", "\u00a0", "é", "ß", "\u{1F600}", "\u{10FFFF}", "\uFFFD", "\uE001",
  "<?xml", "?>", "=", "/>", "\\",
);
const piece = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 8 }) },
);
const value = fc
  .array(piece, { maxLength: 8 })
  .map((parts) => parts.join(""))
  .filter((s) => representable(s) && !s.includes(SEP));
const batch = fc.array(value, { minLength: BATCH, maxLength: BATCH });

function writeDoc(contents: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-xml-"));
  const file = join(dir, "doc.xml");
  writeFileSync(file, contents);
  return file;
}

function firstMismatch(expected: readonly string[], actual: readonly string[]): string | undefined {
  const i = expected.findIndex((e, k) => e !== actual[k]);
  return i < 0 ? undefined : `sample ${i}: wrote ${JSON.stringify(expected[i])}, read back ${JSON.stringify(actual[i])}`;
}

describe("XML printer round trip through xmllint (a real parser)", () => {
  it("text content reads back unchanged", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const file = writeDoc(printXml(doc([], el("r", {}, values.map((v) => el("t", {}, [v]))))));
        const read = xpathStrings(file, values.map((_, i) => `/r/t[${i + 1}]`));
        expect(firstMismatch(values, read)).toBeUndefined();
      }),
      fcOpts,
    );
  });

  it("attribute values read back unchanged", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const file = writeDoc(printXml(doc([], el("r", {}, values.map((v) => el("t", { v, w: "x" }))))));
        const read = xpathStrings(file, values.map((_, i) => `/r/t[${i + 1}]/@v`));
        expect(firstMismatch(values, read)).toBeUndefined();
      }),
      fcOpts,
    );
  });

  it("header comments made safe are accepted and keep everything but added spaces and line-end normalization", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const file = writeDoc(printXml(doc(values, el("r"))));
        const read = xpathStrings(file, values.map((_, i) => `/comment()[${i + 1}]`));
        // Printed as `<!-- value -->`: one space each side.
        const expected = values.map((v) => ` ${commentSafe(v)} `);
        expect(firstMismatch(expected, read)).toBeUndefined();
        // Only spaces were added and line ends normalized: undoing that on both sides gives the same text.
        const strip = (s: string) => s.replace(/\r\n?/g, "\n").replaceAll(" ", "");
        expect(firstMismatch(values.map(strip), read.map(strip))).toBeUndefined();
      }),
      fcOpts,
    );
  });

  it("strings with characters XML cannot hold are refused, never printed", () => {
    const bad = fc.constantFrom("\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001f", "\uFFFE", "\uFFFF", "\uD800", "\uDC00");
    fc.assert(
      fc.property(value, bad, value, (a, b, c) => {
        const s = a + b + c;
        expect(() => text(s)).toThrow(/XML/);
        expect(() => el("t", { v: s })).toThrow(/XML/);
        expect(() => el("t", {}, [s])).toThrow(/XML/);
        expect(() => comment(commentSafe(s))).toThrow(/XML/);
      }),
      { numRuns: 300 },
    );
  });
});
