import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  app,
  attrs,
  bind,
  bool,
  fromJson,
  id,
  ifThenElse,
  inherit,
  int,
  lambda,
  letIn,
  list,
  nul,
  op,
  path,
  print,
  sel,
  selOr,
  str,
  type BinaryOperator,
  type Entry,
  type Expr,
  type JsonLike,
} from "../syntax/nix/index.js";
import { nixEvalJson, nixParse, requireTool } from "./support/nix.js";

// Every property batches its samples into ONE nix-instantiate call (startup is ~100 ms), so a run
// is an array of samples; on failure the message names the first mismatching sample (no
// shrinking: each shrink step would cost a nix call).
const BATCH = 150;
const RUNS = 4; // => 600 samples per property
const fcOpts = { numRuns: RUNS, endOnFailure: true } as const;

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const representable = (s: string): boolean => !s.includes("\0") && !LONE_SURROGATE.test(s);

/** Pieces that break naive escapers: quotes, backslashes, interpolation, '' strings, controls. */
const tricky = fc.constantFrom(
  '"',
  "\\",
  "$",
  "${",
  "$${",
  "\\${",
  "{",
  "}",
  "''",
  "'''",
  "''$",
  "''\\",
  "'",
  "\n",
  "\r",
  "\r\n",
  "\t",
  "\u0001",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u2028",
  "\uFEFF",
  "é",
  "🚀",
  "#",
  "/*",
  "*/",
  " ",
  "a",
  "\\n",
  "\\u00e9",
);

const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }).filter(representable),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary-ascii", maxLength: 30 }).map((s) => s.replaceAll("\0", "")),
  fc.array(tricky, { maxLength: 12 }).map((a) => a.join("")),
  fc.array(fc.oneof(tricky, fc.string({ unit: "binary", maxLength: 3 })), { maxLength: 8 })
    .map((a) => a.join(""))
    .filter(representable),
);

/** Names near the bare/quoted boundary as well as arbitrary text. */
const attrNameArb: fc.Arbitrary<string> = fc.oneof(
  anyString,
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_'-]{0,6}$/),
  fc.stringMatching(/^[0-9'-][a-zA-Z0-9_'-]{0,4}$/),
  fc.constantFrom(
    ...["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"],
    ...["true", "false", "null", "__curPos", "a''", "a'''b", "_", "-", "'", "a.b", "a b", "", "x:y", "./a"],
  ),
);

function firstMismatch<T>(inputs: readonly T[], got: readonly unknown[], expected: (t: T) => unknown): void {
  expect(got.length).toBe(inputs.length);
  inputs.forEach((input, i) => {
    expect(got[i], `sample ${i}: input ${JSON.stringify(input)}`).toEqual(expected(input));
  });
}

describe("nix printer properties (real nix)", () => {
  it("nix-instantiate is installed", () => {
    requireTool("nix-instantiate");
  });

  it("any representable string evaluates to itself", () => {
    fc.assert(
      fc.property(fc.array(anyString, { minLength: BATCH, maxLength: BATCH }), (samples) => {
        const got = nixEvalJson(print(list(samples.map(str)))) as unknown[];
        firstMismatch(samples, got, (s) => s);
      }),
      fcOpts,
    );
  });

  it("any attribute name round-trips through a binding, a select and inherit (from)", () => {
    fc.assert(
      fc.property(fc.array(attrNameArb, { minLength: BATCH, maxLength: BATCH }), (names) => {
        const items = names.map((name) => {
          const set = attrs([bind([name], int(1))]);
          return list([set, sel(set, name), attrs([inherit([name], set)])]);
        });
        const got = nixEvalJson(print(list(items))) as unknown[];
        firstMismatch(names, got, (name) => {
          const obj = Object.defineProperty({}, name, { value: 1, enumerable: true });
          return [obj, 1, obj];
        });
        for (const [i, name] of names.entries()) {
          const [set] = got[i] as [Record<string, unknown>];
          expect(Object.keys(set)).toEqual([name]);
        }
      }),
      fcOpts,
    );
  });

  it("JSON-like trees round-trip through fromJson and nix eval", () => {
    const key = fc.oneof(anyString, fc.constantFrom("a", "in", "or", "true", "a.b", "", "__proto__x"));
    const leaf: fc.Arbitrary<JsonLike> = fc.oneof(
      anyString,
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec<{ tree: JsonLike }>((tie) => ({
      tree: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("tree"), { maxLength: 4 }),
        fc
          .array(fc.tuple(key, fc.option(tie("tree"), { nil: undefined, freq: 5 })), { maxLength: 4 })
          .map((kvs) => {
            // Own data properties only (a "__proto__" key must not touch the prototype).
            const o: Record<string, JsonLike | undefined> = {};
            for (const [k, v] of kvs) Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
            return o;
          }),
      ),
    }));
    fc.assert(
      fc.property(fc.array(tree, { minLength: BATCH, maxLength: BATCH }), (samples) => {
        const got = nixEvalJson(print(list(samples.map(fromJson)))) as unknown[];
        // JSON.stringify drops undefined members, as fromJson does.
        firstMismatch(samples, got, (t) => JSON.parse(JSON.stringify(t)) as unknown);
      }),
      fcOpts,
    );
  });

  it("random expression trees parse to the same tree as a fully parenthesized rendering", () => {
    const VARS = ["a", "b", "f", "x", "y"];
    const NAMES = ["a", "b", "x", "in", "or", "a b", "true", "c-d"];
    const varName = fc.constantFrom(...VARS);
    const attrName = fc.constantFrom(...NAMES);
    const plainStr = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "b", " "), maxLength: 8 }),
      fc.string({ unit: fc.constantFrom("x", "y"), minLength: 20, maxLength: 40 }), // forces line breaks
    );
    const ops: BinaryOperator[] = ["//", "++", "+", "==", "!=", "&&", "||"];

    const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
      const e = tie("expr");
      const entries = fc
        .uniqueArray(
          fc.tuple(attrName, fc.option(attrName, { nil: undefined }), fc.nat(9), e, varName),
          { maxLength: 4, selector: (t) => t[0] },
        )
        .map((ts) =>
          ts.map(([k, k2, kind, v, vn]): Entry => {
            if (kind === 0) return inherit([k], v);
            if (kind === 1 && k === vn) return inherit([k]);
            return bind(k2 === undefined ? [k] : [k, k2], v, kind === 2 ? `c ${k}` : undefined);
          }),
        );
      return {
        expr: fc.oneof(
          { depthSize: "small", maxDepth: 5 },
          varName.map(id),
          fc.integer({ min: -20, max: 20 }).map(int),
          plainStr.map(str),
          fc.boolean().map(bool),
          fc.constant(nul()),
          fc.constantFrom("./a.nix", "../b/c").map(path),
          fc.array(e, { maxLength: 4 }).map(list),
          fc.tuple(entries, fc.boolean()).map(([es, rec]) => ({ ...attrs(es), rec })),
          fc.tuple(e, fc.array(attrName, { minLength: 1, maxLength: 2 })).map(([b, p]) => sel(b, ...p)),
          fc.tuple(e, fc.array(attrName, { minLength: 1, maxLength: 2 }), e).map(([b, p, d]) => selOr(b, p, d)),
          fc.tuple(e, fc.array(e, { minLength: 1, maxLength: 3 })).map(([f, as]) => app(f, ...as)),
          fc.tuple(varName, e).map(([p, b]) => lambda(p, b)),
          fc
            .tuple(
              fc.uniqueArray(fc.tuple(varName, fc.option(e, { nil: undefined })), { maxLength: 3, selector: (t) => t[0] }),
              fc.boolean(),
              e,
            )
            .map(([ps, ellipsis, b]) => lambda({ params: ps.map(([name, d]) => (d === undefined ? { name } : { name, default: d })), ellipsis }, b)),
          fc
            .tuple(fc.uniqueArray(fc.tuple(varName, e), { maxLength: 3, selector: (t) => t[0] }), e)
            .map(([bs, b]) => letIn(bs.map(([k, v]) => bind([k], v)), b)),
          // Operators are where precedence bugs live: weight them up.
          { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...ops), e, e).map(([o, l, r]) => op(o, l, r)) },
          { weight: 2, arbitrary: fc.tuple(e, e, e).map(([c, t, f]) => ifThenElse(c, t, f)) },
        ),
      };
    });

    const dir = mkdtempSync(join(tmpdir(), "nix-printer-prop-"));
    let n = 0;
    const parseBatch = (texts: readonly string[]): string => {
      const p = join(dir, `batch-${n++}.nix`);
      writeFileSync(p, `{ ${VARS.join(", ")} }:\n[\n${texts.map((t) => `(\n${t}\n)`).join("\n")}\n]\n`);
      return nixParse(p);
    };

    fc.assert(
      fc.property(fc.array(expr, { minLength: BATCH, maxLength: BATCH }), (trees) => {
        const printed = trees.map(print);
        const explicit = trees.map(oracle);
        const a = parseBatch(printed);
        const b = parseBatch(explicit);
        if (a !== b) {
          trees.forEach((_, i) => {
            expect(parseBatch([printed[i]!]), `printed:\n${printed[i]}\nexplicit:\n${explicit[i]}`).toBe(
              parseBatch([explicit[i]!]),
            );
          });
        }
        expect(a).toBe(b);
      }),
      fcOpts,
    );
  });
});

/**
 * Independent reference rendering for the trees generated above: every compound node in
 * parentheses, every attribute name quoted, single line. Only valid for the restricted strings
 * and names used by that property (no escaping needed beyond JSON's for [a-z ]).
 */
function oracle(e: Expr): string {
  const q = (s: string): string => JSON.stringify(s);
  const p = (x: Expr): string => `(${oracle(x)})`;
  const entry = (en: Entry): string =>
    en.kind === "binding"
      ? `${en.path.map(q).join(".")} = ${p(en.value)};`
      : en.from === undefined
        ? `inherit ${en.names.join(" ")};`
        : `inherit ${p(en.from)} ${en.names.map(q).join(" ")};`;
  switch (e.kind) {
    case "string":
      return q(e.value);
    case "int":
      return e.value < 0 ? `(0 - ${-e.value})` : String(e.value);
    case "bool":
      return String(e.value);
    case "null":
      return "null";
    case "ident":
      return e.name;
    case "path":
      return e.value;
    case "list":
      return `[ ${e.items.map(p).join(" ")} ]`;
    case "attrs":
      return `${e.rec ? "rec " : ""}{ ${e.entries.map(entry).join(" ")} }`;
    case "select": {
      // Nix itself merges `(x.a).b` into `x.a.b`; mirror that for selects without `or`.
      let base: Expr = e.expr;
      let names = [...e.path];
      while (base.kind === "select" && base.default === undefined) {
        names = [...base.path, ...names];
        base = base.expr;
      }
      const s = `${p(base)}.${names.map(q).join(".")}`;
      return e.default === undefined ? `(${s})` : `(${s} or ${p(e.default)})`;
    }
    case "apply":
      return `(${p(e.fn)} ${e.args.map(p).join(" ")})`;
    case "lambda": {
      const head =
        typeof e.param === "string"
          ? e.param
          : `{ ${[
              ...e.param.params.map((x) => (x.default === undefined ? x.name : `${x.name} ? ${p(x.default)}`)),
              ...(e.param.ellipsis ? ["..."] : []),
            ].join(", ")} }`;
      return `(${head}: ${p(e.body)})`;
    }
    case "let":
      return `(let ${e.bindings.map(entry).join(" ")} in ${p(e.body)})`;
    case "binop":
      return `(${p(e.left)} ${e.op} ${p(e.right)})`;
    case "if":
      return `(if ${p(e.cond)} then ${p(e.then)} else ${p(e.else)})`;
  }
}
