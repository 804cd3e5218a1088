import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shellQuote, shellWords } from "../syntax/shell/quote.js";
import { requireTool } from "./support/nix.js";

// Samples are batched into ONE bash run per property run: `printf '%s\0' WORD...` prints every
// word back NUL-terminated, so the output splits into exactly what bash read.
const BATCH = 300;
const RUNS = 3;

const tricky = fc.constantFrom(
  "'", '"', "\\", "$", "${x}", "$(id)", "`id`", "!", "*", "?", "[a]", "{a,b}", "~", "~root", "#", ";", "&", "|", "<", ">",
  "(", ")", " ", "\t", "\n", "\r", "=", "a=b", "-", "--", "-n", "%", "\u00e9", "\u{1F600}", "\u0001", "\u007f", "\u00a0", "",
);
const word = fc
  .array(fc.oneof({ weight: 3, arbitrary: tricky }, { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 5 }) }), { maxLength: 6 })
  .map((parts) => parts.join(""))
  .filter((s) => !s.includes("\0") && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s));

function bashReads(words: readonly string[]): string[] {
  requireTool("bash");
  const file = join(mkdtempSync(join(tmpdir(), "hlg-sh-")), "words.sh");
  writeFileSync(file, `printf '%s\\0' ${shellWords(words)}\n`);
  const r = spawnSync("bash", ["--norc", "--noprofile", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bash failed: ${r.stderr}`);
  const out = r.stdout.split("\0");
  out.pop(); // after the last terminator
  return out;
}

describe("shellQuote: bash reads back exactly the quoted string", () => {
  it("arbitrary strings (batched through real bash)", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: BATCH, maxLength: BATCH }), (words) => {
        const read = bashReads(words);
        const i = words.findIndex((w, k) => w !== read[k]);
        expect(i < 0 ? undefined : `sample ${i}: ${JSON.stringify(words[i])} -> ${shellQuote(words[i]!)} read back ${JSON.stringify(read[i])}`).toBeUndefined();
        expect(read.length).toBe(words.length);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it("safe words stay bare, the rest is single-quoted", () => {
    expect(shellQuote("lab-net")).toBe("lab-net");
    expect(shellQuote("/var/lib/libvirt/images/dc01.qcow2")).toBe("/var/lib/libvirt/images/dc01.qcow2");
    expect(shellQuote("qemu:///system")).toBe("qemu:///system");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("~")).toBe("'~'");
    expect(shellQuote("a=b")).toBe("'a=b'");
    expect(shellWords(["net-start", "lab net"])).toBe("net-start 'lab net'");
  });

  it("NUL and lone surrogates are refused", () => {
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
    expect(() => shellQuote("a\uD800")).toThrow(/surrogate/);
    expect(() => shellQuote("\uDC00")).toThrow(/surrogate/);
    expect(shellQuote("\u{1F600}")).toBe("'\u{1F600}'");
  });
});
