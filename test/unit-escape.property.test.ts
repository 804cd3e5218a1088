/**
 * Property tests: arbitrary strings escaped by syntax/unit/escape.ts come out of the REAL quadlet
 * (podman 5.4.2) and systemd's ExecStart= rules (test/support/quadlet.ts execStartWords) as
 * exactly the same string, or the escaper throws for the few unrepresentable inputs.
 * Samples are batched: 100 values per quadlet run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { envAssignment, labelAssignment, quoteWord, scalarValue, unitFile, words } from "../syntax/unit/index.js";
import type { UnitEntry } from "../syntax/unit/index.js";
import { execStartWords, quadletDryRun } from "./support/quadlet.js";

const IMAGE = "docker.io/library/alpine:3";
const BATCH = 100;
const RUNS = 4; // 4 x 100 = 400 samples per property

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "unit-escape-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Fragments that stress quoting, escapes, expansion, whitespace and line structure. */
const PIECES = [
  '"', "'", "\\", "\\\\", "$", "${X}", "$X", "$$", "${", "}", "%", "%n", "%%", "%h", "%t/%N",
  " ", "  ", "\t", "\n", "\r", "\r\n", "\u0001", "\u001b", "\u007f", "\u0080", "\u0081", "\u0085",
  "\u009f", "\u00a0", "\u2028", "\u3000", "\ufeff", "é", "ÿ", "😀", "中文", ";", "#", "=", "a", "Z",
  "0", "-", "/", "`", "\\x41", "\\n", "\\;", "'x y'", '"q"', "\\\n", "#!", "[", "]",
];

const anyString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((a) => a.join("")) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 16 }) },
    { weight: 1, arbitrary: fc.constantFrom("", ";", " ", "\\", '""', "$", "%", "\u0080", "a\u0080") },
  )
  .filter((s) => !s.includes("\u0000"));

const batch = fc.array(anyString, { minLength: BATCH, maxLength: BATCH });

/** The documented unrepresentable words: quoteWord must throw for exactly these (no NUL here). */
function wordUnrepresentable(s: string): boolean {
  return s === "" || s === ";" || s.includes("\u0080");
}

/** Scalar values scalarValue must refuse (documented in escape.ts). */
function scalarUnrepresentable(s: string): boolean {
  return (
    s === "" ||
    s === ";" ||
    // eslint-disable-next-line no-control-regex
    /[\u0001-\u0008\u000a-\u001f\u007f\u0080\u0085\u2028\u2029]/.test(s) ||
    /^[\s\u0085]|[\s\u0085]$/u.test(s) ||
    s.endsWith("\\") ||
    s.startsWith('"') ||
    s.endsWith('"')
  );
}

function pad(i: number): string {
  return i.toString().padStart(3, "0");
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Writes one .container with the given [Container] entries, runs quadlet, returns podman argv. */
function podmanArgv(entries: UnitEntry[]): string[] {
  const dir = tempDir();
  const text = unitFile([{ name: "Container", entries: [["Image", IMAGE], ...entries] }]);
  writeFileSync(join(dir, "prop.container"), text);
  const r = quadletDryRun(dir);
  expect(r.stderr, r.stderr).not.toMatch(/converting|error/i);
  expect(r.ok).toBe(true);
  const service = r.services.get("prop.service");
  expect(service).toBeDefined();
  return execStartWords(service!, { unitName: "prop.service" });
}

/** `--flag value` pairs before the image. */
function flagValues(argv: string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const w = argv[i];
    if (w === "--name" || w === "--env" || w === "--label") {
      if (w === flag) out.push(argv[i + 1]!);
      i++;
      continue;
    }
    if (w === IMAGE) break;
  }
  return out;
}

/** Arguments after the image (the Exec= words). */
function execArgs(argv: string[]): string[] {
  for (let i = 2; i < argv.length; i++) {
    const w = argv[i];
    if (w === "--name" || w === "--env" || w === "--label") {
      i++;
      continue;
    }
    if (w === IMAGE) return argv.slice(i + 1);
  }
  throw new Error(`image not found in ${JSON.stringify(argv)}`);
}

function splitAssign(word: string): [string, string] {
  const eq = word.indexOf("=");
  return [word.slice(0, eq), word.slice(eq + 1)];
}

describe("escaping round-trips through quadlet 5.4.2 and systemd's ExecStart= rules", () => {
  it("(a) Environment= values", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const expected = new Map<string, string>();
        const items: string[] = [];
        values.forEach((v, i) => {
          const name = `V${pad(i)}`;
          if (wordUnrepresentable(`${name}=${v}`)) {
            expect(() => envAssignment(name, v), JSON.stringify(v)).toThrow();
            return;
          }
          items.push(envAssignment(name, v));
          expected.set(name, v);
        });
        const entries: UnitEntry[] = chunks(items, 10).map((c) => ["Environment", c.join(" ")]);
        const got = new Map(flagValues(podmanArgv(entries), "--env").map(splitAssign));
        expect(got).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("(b) Label= values", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const expected = new Map<string, string>();
        const items: string[] = [];
        values.forEach((v, i) => {
          const key = `l${pad(i)}`;
          if (wordUnrepresentable(`${key}=${v}`)) {
            expect(() => labelAssignment(key, v), JSON.stringify(v)).toThrow();
            return;
          }
          items.push(labelAssignment(key, v));
          expected.set(key, v);
        });
        const entries: UnitEntry[] = chunks(items, 10).map((c) => ["Label", c.join(" ")]);
        const got = new Map(flagValues(podmanArgv(entries), "--label").map(splitAssign));
        expect(got).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("(c) Exec= arguments", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const expected: string[] = [];
        for (const v of values) {
          if (wordUnrepresentable(v)) {
            expect(() => quoteWord(v), JSON.stringify(v)).toThrow();
            continue;
          }
          expected.push(v);
        }
        fc.pre(expected.length > 0);
        const argv = podmanArgv([["Exec", words(expected)]]);
        expect(execArgs(argv)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("(d) ContainerName= scalar (quadlet copies it into ExecStart=)", () => {
    fc.assert(
      fc.property(batch, (values) => {
        const dir = tempDir();
        const expected = new Map<string, string>();
        values.forEach((v, i) => {
          const opts = { specifiers: true, variables: true } as const;
          if (scalarUnrepresentable(v)) {
            expect(() => scalarValue(v, opts), JSON.stringify(v)).toThrow();
            return;
          }
          const text = unitFile([{ name: "Container", entries: [["Image", IMAGE], ["ContainerName", scalarValue(v, opts)]] }]);
          writeFileSync(join(dir, `c${pad(i)}.container`), text);
          expected.set(`c${pad(i)}.service`, v);
        });
        fc.pre(expected.size > 0);
        const r = quadletDryRun(dir);
        expect(r.stderr, r.stderr).not.toMatch(/converting|error/i);
        expect(r.ok).toBe(true);
        const got = new Map<string, string>();
        for (const [name, text] of r.services) {
          got.set(name, flagValues(execStartWords(text, { unitName: name }), "--name")[0]!);
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("(e) ExecStart= words written directly for systemd parse back exactly (model only, many runs)", () => {
    fc.assert(
      fc.property(fc.array(anyString, { minLength: 1, maxLength: 8 }), (values) => {
        const args = values.filter((v) => !wordUnrepresentable(v));
        fc.pre(args.length > 0);
        const line = words(args);
        expect(line).not.toMatch(/[\n\r]|\\$/);
        const svc = unitFile([{ name: "Service", entries: [["ExecStart", `/bin/true ${line}`]] }]);
        expect(execStartWords(svc).slice(1)).toEqual(args);
      }),
      { numRuns: 2000 },
    );
  });

  it("NUL and lone surrogates are refused everywhere", () => {
    for (const bad of ["\u0000", "a\u0000", "\ud83d", "x\ude00y"]) {
      expect(() => quoteWord(bad)).toThrow();
      expect(() => envAssignment("A", bad)).toThrow();
      expect(() => labelAssignment("a", bad)).toThrow();
      expect(() => scalarValue(bad, { specifiers: true })).toThrow();
    }
  });
});
