import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  app,
  attrs,
  attrsRec,
  bind,
  bool,
  concat,
  file,
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
  printFile,
  sel,
  selOr,
  str,
  update,
  type Expr,
  type JsonLike,
} from "../syntax/nix/index.js";
import { nixEnv, nixEvalJson, nixParse, requireTool } from "./support/nix.js";

// Every golden sample is also checked by the real Nix at the end of this file, in a few batched
// nix-instantiate calls (one per kind of check) instead of one process per sample.
const FREE = ["a", "b", "c", "d", "f", "g", "x", "y", "pkgs", "lib", "nixvirt", "cond"];
const parseSamples: Array<{ name: string; text: string }> = [];
const evalSamples: Array<{ name: string; text: string; json: unknown }> = [];
const sameTree: Array<{ name: string; text: string; explicit: string }> = [];

/** Register an exact-text case; `json` (pure data) is also compared with real Nix evaluation. */
function golden(name: string, e: Expr, expected: string, json?: unknown): void {
  parseSamples.push({ name, text: expected });
  if (json !== undefined) evalSamples.push({ name, text: expected, json });
  it(name, () => {
    expect(print(e)).toBe(expected);
  });
}

const A = id("a");
const B = id("b");
const C = id("c");
const F = id("f");
const X = id("x");
const two = attrs({ a: int(1), b: int(2) });

describe("scalars", () => {
  golden("plain string", str("hello world"), '"hello world"', "hello world");
  golden(
    "string escapes: backslash, quote, every dollar, newline, CR, tab",
    str('a\\b"c$d${e}$${f}\n\r\t'),
    '"a\\\\b\\"c\\$d\\${e}\\$\\${f}\\n\\r\\t"',
    'a\\b"c$d${e}$${f}\n\r\t',
  );
  golden(
    "string: unicode, other control chars and '' written literally",
    str("é ☃ 🚀 \u0001\u007f\u2028 ''x '${"),
    '"é ☃ 🚀 \u0001\u007f\u2028 \'\'x \'\\${"',
    "é ☃ 🚀 \u0001\u007f\u2028 ''x '${",
  );
  golden("string that looks like a JSON escape stays literal", str("\\u00e9"), '"\\\\u00e9"', "\\u00e9");
  golden("empty string", str(""), '""', "");
  golden("int", int(42), "42", 42);
  golden("zero (also -0)", int(-0), "0", 0);
  golden("negative int", int(-7), "-7", -7);
  golden("large safe int", int(Number.MAX_SAFE_INTEGER), "9007199254740991", Number.MAX_SAFE_INTEGER);
  golden("bool true", bool(true), "true", true);
  golden("bool false", bool(false), "false", false);
  golden("null", nul(), "null", null);

  it("str rejects NUL with a clear error", () => {
    expect(() => str("a\0b")).toThrow(/NUL/);
  });
  it("str rejects lone surrogates (not encodable as UTF-8)", () => {
    expect(() => str("a\uD800b")).toThrow(/surrogate/);
    expect(() => str("\uDC00")).toThrow(/surrogate/);
    expect(() => str("🚀")).not.toThrow();
  });
  it("int accepts only safe integers", () => {
    for (const bad of [1.5, Number.NaN, Infinity, -Infinity, 2 ** 53]) {
      expect(() => int(bad)).toThrow(/safe integer/);
    }
  });
  it("the printer re-validates hand-built nodes", () => {
    expect(() => print({ kind: "string", value: "a\0" })).toThrow(/NUL/);
    expect(() => print({ kind: "ident", name: "in" })).toThrow(/keyword/);
    expect(() => print({ kind: "int", value: 0.5 })).toThrow(/safe integer/);
    expect(() => print({ kind: "path", value: "/etc/passwd" })).toThrow(/relative/);
    expect(() => print({ kind: "apply", fn: F, args: [] })).toThrow(/argument/);
    expect(() => print({ kind: "bogus" } as unknown as Expr)).toThrow(/Unknown Nix node kind/);
  });
});

describe("lists", () => {
  golden("empty list", list([]), "[ ]", []);
  golden("simple list on one line", list([str("a"), str("b"), int(3)]), '[ "a" "b" 3 ]', ["a", "b", 3]);
  golden(
    "items that are not select-or-simpler get parentheses",
    list([app(F, int(1)), int(-1), lambda("x", X), sel(A, "b"), selOr(A, ["b"], nul()), path("./p.nix")]),
    "[ (f 1) (-1) (x: x) a.b (a.b or null) ./p.nix ]",
  );
  golden(
    "nested containers are expanded one per line",
    list([list([int(1)]), attrs({ a: int(1) }), int(2)]),
    ["[", "  [ 1 ]", "  { a = 1; }", "  2", "]"].join("\n"),
    [[1], { a: 1 }, 2],
  );
  golden(
    "a list too long for one line is expanded",
    list(["a", "b", "c", "d"].map((k) => str(k.repeat(30)))),
    ["[", ...["a", "b", "c", "d"].map((k) => `  "${k.repeat(30)}"`), "]"].join("\n"),
    ["a", "b", "c", "d"].map((k) => k.repeat(30)),
  );
});

describe("attribute sets", () => {
  golden("empty set", attrs({}), "{ }", {});
  golden("empty rec set", attrsRec([]), "rec { }", {});
  golden("one short entry stays on one line", attrs({ a: int(1) }), "{ a = 1; }", { a: 1 });
  golden("several entries are expanded", two, "{\n  a = 1;\n  b = 2;\n}", { a: 1, b: 2 });
  golden(
    "rec set",
    attrsRec({ a: int(1), b: op("+", id("a"), int(1)) }),
    "rec {\n  a = 1;\n  b = a + 1;\n}",
    { a: 1, b: 2 },
  );
  golden(
    "dotted binding path from a string, literal dot kept with an array",
    attrs([bind("a.b.c", int(1)), bind(["x.y", "z"], int(2))]),
    '{\n  a.b.c = 1;\n  "x.y".z = 2;\n}',
    { a: { b: { c: 1 } }, "x.y": { z: 2 } },
  );
  golden("a Record key is one attribute name", attrs({ "a.b": int(1) }), '{ "a.b" = 1; }', { "a.b": 1 });
  golden("undefined Record members are skipped", attrs({ a: int(1), b: undefined }), "{ a = 1; }", {
    a: 1,
  });
  golden(
    "inherit and inherit (from)",
    letIn(
      { a: int(1), s: attrs({ "x y": int(2), or: int(3), c: int(4) }) },
      attrs([inherit(["a"]), inherit(["x y", "or", "c"], id("s"))]),
    ),
    [
      "let",
      "  a = 1;",
      "  s = {",
      '    "x y" = 2;',
      '    "or" = 3;',
      "    c = 4;",
      "  };",
      "in",
      "{",
      "  inherit a;",
      '  inherit (s) "x y" "or" c;',
      "}",
    ].join("\n"),
    { a: 1, "x y": 2, or: 3, c: 4 },
  );
  golden("single inherit stays on one line", attrs([inherit(["pkgs"])]), "{ inherit pkgs; }");
  golden(
    "a long inherit is broken one name per line",
    attrs([inherit(["a".repeat(30), "b".repeat(30), "c".repeat(30)], sel(id("pkgs"), "lib"))]),
    ["{", "  inherit (pkgs.lib)", `    ${"a".repeat(30)}`, `    ${"b".repeat(30)}`, `    ${"c".repeat(30)}`, "    ;", "}"].join(
      "\n",
    ),
  );
  golden(
    "comments on entries (multi-line, CR and CRLF split into # lines)",
    attrs([bind("a", int(1), "first\nsecond"), bind("b", int(2), "x\r\ny\rz\n")]),
    "{\n  # first\n  # second\n  a = 1;\n  # x\n  # y\n  # z\n  #\n  b = 2;\n}",
    { a: 1, b: 2 },
  );
  golden(
    "nested sets are expanded one per line",
    attrs({ outer: attrs({ inner: two, leaf: str("x") }) }),
    ['{', "  outer = {", "    inner = {", "      a = 1;", "      b = 2;", "    };", '    leaf = "x";', "  };", "}"].join(
      "\n",
    ),
    { outer: { inner: { a: 1, b: 2 }, leaf: "x" } },
  );
  golden(
    "a long value that cannot hug breaks after =",
    attrs({ k: str("v".repeat(100)) }),
    `{\n  k =\n    "${"v".repeat(100)}";\n}`,
    { k: "v".repeat(100) },
  );
  it("rejects duplicate names, empty inherit, NUL in comments", () => {
    expect(() => attrs([bind("a", int(1)), bind("a", int(2))])).toThrow(/Duplicate attribute a/);
    expect(() => attrs([inherit(["a"]), bind("a", int(2))])).toThrow(/Duplicate/);
    expect(() => letIn([bind("a", int(1)), bind("a", int(2))], A)).toThrow(/Duplicate/);
    expect(() => inherit([])).toThrow(/at least one/);
    expect(() => inherit(["in"])).toThrow(/keyword/);
    expect(() => bind("a", int(1), "x\0")).toThrow(/NUL/);
    expect(() => bind([], int(1))).toThrow(/non-empty/);
  });
});

describe("attribute name quoting", () => {
  const cases: Array<[string, string]> = [
    ["a", "a"],
    ["a-b", "a-b"],
    ["a'", "a'"],
    ["_x9", "_x9"],
    ["__curPos", "__curPos"],
    ["true", "true"],
    ["false", "false"],
    ["null", "null"],
    ["in", '"in"'],
    ["or", '"or"'],
    ["let", '"let"'],
    ["rec", '"rec"'],
    ["inherit", '"inherit"'],
    ["assert", '"assert"'],
    ["if", '"if"'],
    ["then", '"then"'],
    ["else", '"else"'],
    ["with", '"with"'],
    ["a.b", '"a.b"'],
    ["a b", '"a b"'],
    ["1a", '"1a"'],
    ["-a", '"-a"'],
    ["'a", "\"'a\""],
    ["", '""'],
    ["$x", '"\\$x"'],
    ["${x}", '"\\${x}"'],
    ["é", '"é"'],
    ["a\nb", '"a\\nb"'],
    ["qemu:///system", '"qemu:///system"'],
    ["8080/tcp", '"8080/tcp"'],
  ];
  for (const [name, printed] of cases) {
    golden(`attr name ${JSON.stringify(name)}`, attrs([bind([name], int(1))]), `{ ${printed} = 1; }`, {
      [name]: 1,
    });
  }
  golden(
    "quoted names in a select path",
    sel(attrs([bind(["a b", "in", "c"], int(1))]), "a b", "in", "c"),
    '{ "a b"."in".c = 1; }."a b"."in".c',
    1,
  );
});

describe("identifiers", () => {
  it("accepts identifiers, including true/false/null", () => {
    for (const n of ["a", "_", "a-b", "a'", "x9", "true", "null", "__curPos"]) {
      expect(print(id(n))).toBe(n);
    }
  });
  it("rejects keywords and non-identifiers", () => {
    for (const n of ["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"]) {
      expect(() => id(n)).toThrow(/keyword/);
      expect(() => lambda(n, A)).toThrow(/keyword/);
      expect(() => lambda({ params: [{ name: n }] }, A)).toThrow(/keyword/);
    }
    for (const n of ["", "1a", "a b", "a.b", "-a", "'a", "é", "a$"]) {
      expect(() => id(n)).toThrow(/Invalid Nix identifier/);
    }
  });
});

describe("select", () => {
  golden("select path", sel(id("pkgs"), "python3", "pkgs"), "pkgs.python3.pkgs");
  golden("select with quoting", sel(X, "a", "b c", "d-e"), 'x.a."b c".d-e');
  golden("nested select prints as one path", sel(sel(X, "a"), "b"), "x.a.b");
  golden("select or default", selOr(X, ["a", "b"], nul()), "x.a.b or null");
  golden("select or negative default", selOr(X, ["a"], int(-1)), "x.a or (-1)");
  golden("select or with a select default", selOr(X, ["a"], sel(Y(), "b")), "x.a or y.b");
  golden("application as base", sel(app(F, X), "out"), "(f x).out");
  golden("int and path bases get parentheses", list([sel(int(1), "a"), sel(path("./p.nix"), "a")]), "[ (1).a (./p.nix).a ]");
  golden("set and list bases do not", sel(attrs({ a: int(1) }), "a"), "{ a = 1; }.a", 1);
  golden("select-or as base", sel(selOr(X, ["a"], A), "b"), "(x.a or a).b");
  golden(
    "select-or evaluates",
    letIn({ s: attrs({ a: int(1) }) }, list([selOr(id("s"), ["a"], int(2)), selOr(id("s"), ["b"], int(2))])),
    "let\n  s = { a = 1; };\nin\n[ (s.a or 2) (s.b or 2) ]",
    [1, 2],
  );
  it("needs at least one name", () => {
    expect(() => sel(X)).toThrow(/at least one/);
  });
});
function Y(): Expr {
  return id("y");
}

describe("application", () => {
  golden("simple application", app(F, int(1), str("s")), 'f 1 "s"');
  golden("nested application argument", app(F, app(id("g"), int(1))), "f (g 1)");
  golden("application spine is flattened", app(app(F, A), B), "f a b");
  golden("lambda, negative, select-or arguments", app(F, lambda("x", X), int(-1), selOr(A, ["b"], C)), "f (x: x) (-1) (a.b or c)");
  golden("select function and argument", app(sel(id("lib"), "mkIf"), sel(id("cond"), "x"), A), "lib.mkIf cond.x a");
  golden("lambda in function position", app(lambda("x", X), int(1)), "(x: x) 1", 1);
  golden("select-or in function position", app(selOr(A, ["b"], F), int(1)), "(a.b or f) 1");
  golden("let in argument position", app(F, letIn({ y: int(1) }, Y())), "f (\n  let\n    y = 1;\n  in\n  y\n)");
  golden("set argument is hugged", app(F, two), "f {\n  a = 1;\n  b = 2;\n}");
  golden(
    "long arguments go one per line",
    app(F, str("a".repeat(40)), str("b".repeat(40)), str("c".repeat(40))),
    `f\n  "${"a".repeat(40)}"\n  "${"b".repeat(40)}"\n  "${"c".repeat(40)}"`,
  );
  golden(
    "parenthesized application with a set is hugged",
    app(F, app(id("g"), two)),
    "f (g {\n  a = 1;\n  b = 2;\n})",
  );
  it("needs at least one argument", () => {
    expect(() => app(F)).toThrow(/at least one argument/);
  });
});

describe("lambdas and let", () => {
  golden("identifier parameter", lambda("x", X), "x: x");
  golden("curried", lambda("x", lambda("y", X)), "x: y: x");
  golden(
    "set pattern with default and ellipsis, nested inside a list",
    list([lambda({ params: [{ name: "a" }, { name: "b", default: int(1) }], ellipsis: true }, A)]),
    "[ ({ a, b ? 1, ... }: a) ]",
  );
  golden("empty pattern", list([lambda({ params: [] }, int(1))]), "[ ({ }: 1) ]");
  golden("ellipsis only", list([lambda({ params: [], ellipsis: true }, int(1))]), "[ ({ ... }: 1) ]");
  golden(
    "top-level set pattern: header on its own line",
    lambda({ params: [{ name: "nixvirt" }], ellipsis: true }, attrs({ a: sel(id("nixvirt"), "lib") })),
    "{ nixvirt, ... }:\n{ a = nixvirt.lib; }",
  );
  golden(
    "long set pattern is expanded",
    lambda(
      { params: [...["a", "b", "c", "d"].map((k) => ({ name: k.repeat(25) })), { name: "e", default: nul() }], ellipsis: true },
      A,
    ),
    ["{", ...["a", "b", "c", "d"].map((k) => `  ${k.repeat(25)},`), "  e ? null,", "  ...", "}:", "a"].join("\n"),
  );
  golden(
    "lambda bodies: set hugs after x:, set pattern puts body below",
    attrs({ f: lambda("x", two), g: lambda({ params: [{ name: "y" }] }, two) }),
    [
      "{",
      "  f = x: {",
      "    a = 1;",
      "    b = 2;",
      "  };",
      "  g =",
      "    { y }:",
      "    {",
      "      a = 1;",
      "      b = 2;",
      "    };",
      "}",
    ].join("\n"),
  );
  golden(
    "applied lambdas evaluate",
    list([
      app(lambda("x", op("+", X, int(1))), int(1)),
      app(lambda({ params: [{ name: "a" }, { name: "b", default: int(10) }], ellipsis: true }, op("+", A, B)), attrs({ a: int(1), c: int(0) })),
    ]),
    "[\n  ((x: x + 1) 1)\n  (({ a, b ? 10, ... }: a + b) {\n    a = 1;\n    c = 0;\n  })\n]",
    [2, 11],
  );
  golden("let", letIn({ x: int(1), y: op("+", X, int(1)) }, Y()), "let\n  x = 1;\n  y = x + 1;\nin\ny", 2);
  golden(
    "let as a binding value goes below the =",
    attrs({ v: letIn([bind("x", int(1), "why")], X) }),
    "{\n  v =\n    let\n      # why\n      x = 1;\n    in\n    x;\n}",
    { v: 1 },
  );
  golden("empty let", letIn([], int(1)), "let\nin\n1", 1);
  it("rejects duplicate parameters", () => {
    expect(() => lambda({ params: [{ name: "a" }, { name: "a" }] }, A)).toThrow(/Duplicate/);
  });
});

describe("operators, if and precedence", () => {
  // Each case: tree, exact text, and a hand-parenthesized text Nix must parse to the same tree.
  const cases: Array<[string, Expr, string, string]> = [
    ["// is right-associative", update(A, update(B, C)), "a // b // c", "(a // (b // c))"],
    ["left-nested // keeps parentheses", update(update(A, B), C), "(a // b) // c", "((a // b) // c)"],
    ["++ is right-associative", concat(A, concat(B, C)), "a ++ b ++ c", "(a ++ (b ++ c))"],
    ["left-nested ++", concat(concat(A, B), C), "(a ++ b) ++ c", "((a ++ b) ++ c)"],
    ["+ is left-associative", op("+", op("+", A, B), C), "a + b + c", "((a + b) + c)"],
    ["right-nested +", op("+", A, op("+", B, C)), "a + (b + c)", "(a + (b + c))"],
    ["== is non-associative", op("==", op("==", A, B), C), "(a == b) == c", "((a == b) == c)"],
    ["!= next to ==", op("!=", A, op("==", B, C)), "a != (b == c)", "(a != (b == c))"],
    ["&& binds tighter than ||", op("||", op("&&", A, B), C), "a && b || c", "((a && b) || c)"],
    ["|| inside && needs parentheses", op("&&", op("||", A, B), C), "(a || b) && c", "((a || b) && c)"],
    ["application binds tighter than ++", concat(app(F, A), list([int(1)])), "f a ++ [ 1 ]", "((f a) ++ [ 1 ])"],
    ["++ binds tighter than +", op("+", concat(A, B), C), "a ++ b + c", "((a ++ b) + c)"],
    ["+ inside ++", concat(op("+", A, B), C), "(a + b) ++ c", "((a + b) ++ c)"],
    ["// binds tighter than ==", op("==", update(A, B), C), "a // b == c", "((a // b) == c)"],
    ["== inside //", update(op("==", A, B), C), "(a == b) // c", "((a == b) // c)"],
    ["lambda operand", update(lambda("x", X), A), "(x: x) // a", "((x: x) // a)"],
    ["lambda right operand", update(A, lambda("x", X)), "a // (x: x)", "(a // (x: x))"],
    ["if operand", op("+", ifThenElse(A, B, C), A), "(if a then b else c) + a", "((if a then b else c) + a)"],
    ["negative operands", op("+", int(-1), int(-2)), "-1 + -2", "((0 - 1) + (0 - 2))"],
    ["select-or operand", op("+", selOr(A, ["b"], int(1)), C), "a.b or 1 + c", "((a.b or 1) + c)"],
    ["operator in select base", sel(update(A, B), "c"), "(a // b).c", "((a // b).c)"],
    ["operator in function position", app(update(A, B), C), "(a // b) c", "((a // b) c)"],
    ["if in condition", ifThenElse(ifThenElse(A, B, C), A, B), "if (if a then b else c) then a else b", "(if (if a then b else c) then a else b)"],
    ["operator in if branches", ifThenElse(op("==", A, B), update(A, B), C), "if a == b then a // b else c", "(if (a == b) then (a // b) else c)"],
    ["let body with operators", letIn({ z: A }, update(id("z"), B)), "let\n  z = a;\nin\nz // b", "(let z = a; in (z // b))"],
  ];
  for (const [name, e, text, explicit] of cases) {
    golden(name, e, text);
    sameTree.push({ name, text, explicit });
  }
  golden(
    "operators evaluate",
    list([
      op("+", int(-1), int(-2)),
      op("==", update(attrs({ a: int(1) }), attrs({ b: int(2) })), two),
      concat(list([int(1)]), list([int(2)])),
      op("||", bool(false), op("&&", bool(true), bool(true))),
      op("!=", int(1), int(2)),
    ]),
    [
      "[",
      "  (-1 + -2)",
      "  ({ a = 1; } // { b = 2; } == {",
      "    a = 1;",
      "    b = 2;",
      "  })",
      "  ([ 1 ] ++ [ 2 ])",
      "  (false || true && true)",
      "  (1 != 2)",
      "]",
    ].join("\n"),
    [-3, true, [1, 2], true, true],
  );
  golden("update hugs a trailing set", update(A, two), "a // {\n  a = 1;\n  b = 2;\n}");
  golden(
    "long operator chains break before each operator",
    update(A, update(str("x".repeat(45)), str("y".repeat(45)))),
    `a\n// "${"x".repeat(45)}"\n// "${"y".repeat(45)}"`,
  );
  golden(
    "if-then-else chains",
    attrs({ v: ifThenElse(op("==", A, int(1)), str("one"), ifThenElse(op("==", A, int(2)), str("two"), two)) }),
    [
      "{",
      "  v =",
      "    if a == 1 then",
      '      "one"',
      "    else if a == 2 then",
      '      "two"',
      "    else",
      "      {",
      "        a = 1;",
      "        b = 2;",
      "      };",
      "}",
    ].join("\n"),
  );
  golden("short if stays on one line", ifThenElse(bool(true), int(1), int(2)), "if true then 1 else 2", 1);
  it("rejects unknown operators", () => {
    expect(() => op("-" as "+", A, B)).toThrow(/Unsupported/);
  });
});

describe("paths", () => {
  golden(
    "relative paths",
    list([path("./a.nix"), path("x/y-z_1+2.nix"), path("../up/a"), path("./.")]),
    "[ ./a.nix ./x/y-z_1+2.nix ../up/a ./. ]",
  );
  it("rejects absolute and odd paths", () => {
    const bad = ["/etc/nixos/x.nix", "./a b", "./a/", "./a//b", "~/x", "./a$b", ".", "..", ""];
    bad.push("./", "a:b", "./é", "./a\nb", ".../a", "./a,b", "./${x}");
    for (const p of bad) {
      expect(() => path(p), p).toThrow(/Invalid Nix path literal/);
    }
  });
});

describe("files", () => {
  it("prints header comments then the expression, ending with one newline", () => {
    expect(printFile(file(["Generated by homelab-gen.", "", "Do not edit."], int(1)))).toBe(
      "# Generated by homelab-gen.\n#\n# Do not edit.\n1\n",
    );
    expect(printFile(file([], attrs({})))).toBe("{ }\n");
    expect(() => file(["a\0"], nul())).toThrow(/NUL/);
  });
});

describe("fromJson", () => {
  const data = {
    name: "vm-a",
    cores: 4,
    neg: -2,
    on: true,
    off: false,
    none: null,
    skipped: undefined,
    tags: ["a", "b"],
    empty: {},
    emptyList: [],
    nested: { "with space": { "in": [1, { x: "$y" }] } },
  };
  const expected = [
    "{",
    '  name = "vm-a";',
    "  cores = 4;",
    "  neg = -2;",
    "  on = true;",
    "  off = false;",
    "  none = null;",
    '  tags = [ "a" "b" ];',
    "  empty = { };",
    "  emptyList = [ ];",
    "  nested = {",
    '    "with space" = {',
    '      "in" = [',
    "        1",
    '        { x = "\\$y"; }',
    "      ];",
    "    };",
    "  };",
    "}",
  ].join("\n");
  const { skipped: _skipped, ...asJson } = data;
  golden("JSON-like data", fromJson(data), expected, asJson);
  it("rejects floats, non-plain objects and undefined array elements", () => {
    expect(() => fromJson(1.5)).toThrow(/safe integers/);
    expect(() => fromJson(new Date() as unknown as JsonLike)).toThrow(/plain objects/);
    expect(() => fromJson([undefined] as unknown as JsonLike)).toThrow(/undefined/);
    expect(() => fromJson({ a: "\0" })).toThrow(/NUL/);
  });
});

describe("realistic NixVirt module", () => {
  const domain = app(
    sel(id("nixvirt"), "lib", "domain", "writeXML"),
    app(
      sel(id("nixvirt"), "lib", "domain", "templates", "linux"),
      attrs({
        name: str("vm-a"),
        uuid: str("cc7439ed-36af-4696-a6f2-1f0c4474d87e"),
        memory: attrs({ count: int(4), unit: str("GiB") }),
        storage_vol: attrs({ pool: str("default"), volume: str("vm-a.qcow2") }),
      }),
    ),
  );
  const module = file(
    ["Generated by homelab-gen from examples/lab.ts; do not edit."],
    lambda(
      { params: [{ name: "nixvirt" }, { name: "pkgs" }], ellipsis: true },
      attrs([
        bind("virtualisation.libvirt.enable", bool(true)),
        bind(
          "virtualisation.libvirt.connections",
          attrs([
            bind(
              ["qemu:///system"],
              attrs({
                domains: list([attrs([bind("definition", domain, "vm-a"), bind("active", bool(true))])]),
                networks: list([]),
              }),
            ),
          ]),
        ),
        bind("environment.systemPackages", list([sel(id("pkgs"), "virt-manager")])),
      ]),
    ),
  );
  const expected = `# Generated by homelab-gen from examples/lab.ts; do not edit.
{ nixvirt, pkgs, ... }:
{
  virtualisation.libvirt.enable = true;
  virtualisation.libvirt.connections = {
    "qemu:///system" = {
      domains = [
        {
          # vm-a
          definition = nixvirt.lib.domain.writeXML (nixvirt.lib.domain.templates.linux {
            name = "vm-a";
            uuid = "cc7439ed-36af-4696-a6f2-1f0c4474d87e";
            memory = {
              count = 4;
              unit = "GiB";
            };
            storage_vol = {
              pool = "default";
              volume = "vm-a.qcow2";
            };
          });
          active = true;
        }
      ];
      networks = [ ];
    };
  };
  environment.systemPackages = [ pkgs.virt-manager ];
}
`;
  it("prints in nixfmt style", () => {
    const text = printFile(module);
    expect(text).toBe(expected);
    expect(text.split("\n").every((l) => l.length <= 100 && l === l.trimEnd())).toBe(true);
  });
  parseSamples.push({ name: "NixVirt module", text: expected });
  it("evaluates with stub inputs to the expected structure", () => {
    const dir = mkdtempSync(join(tmpdir(), "nix-printer-"));
    writeFileSync(join(dir, "module.nix"), printFile(module));
    nixParse(join(dir, "module.nix"));
    // Stub nixvirt: writeXML and the template return their argument.
    const stub = `import ./module.nix {
      pkgs = { virt-manager = "vm"; };
      nixvirt = { lib.domain = { writeXML = x: x; templates.linux = x: x; }; };
    }`;
    expect(nixEvalJson(stub, { cwd: dir })).toEqual({
      virtualisation: {
        libvirt: {
          enable: true,
          connections: {
            "qemu:///system": {
              domains: [
                {
                  definition: {
                    name: "vm-a",
                    uuid: "cc7439ed-36af-4696-a6f2-1f0c4474d87e",
                    memory: { count: 4, unit: "GiB" },
                    storage_vol: { pool: "default", volume: "vm-a.qcow2" },
                  },
                  active: true,
                },
              ],
              networks: [],
            },
          },
        },
      },
      environment: { systemPackages: ["vm"] },
    });
  });
});

describe("determinism", () => {
  it("printing is deterministic and shared subtrees print the same everywhere", () => {
    const shared = attrs({ a: int(1), b: list([str("x")]) });
    const e = attrs({ p: shared, q: list([shared]), r: app(F, shared) });
    expect(print(e)).toBe(print(e));
    expect(print(e)).toBe(`{
  p = {
    a = 1;
    b = [ "x" ];
  };
  q = [
    {
      a = 1;
      b = [ "x" ];
    }
  ];
  r = f {
    a = 1;
    b = [ "x" ];
  };
}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Real Nix checks, batched.

const dir = mkdtempSync(join(tmpdir(), "nix-printer-"));
let fileNo = 0;
function writeNix(text: string): string {
  const p = join(dir, `sample-${fileNo++}.nix`);
  writeFileSync(p, text);
  return p;
}
/** `{ a, b, ... }: [ (t1) (t2) ... ]` so free variables are bound and each sample stays separate. */
function batch(texts: readonly string[]): string {
  return `{ ${FREE.join(", ")} }:\n[\n${texts.map((t) => `(\n${t}\n)`).join("\n")}\n]\n`;
}

describe("real nix", () => {
  it("nix-instantiate is installed", () => {
    requireTool("nix-instantiate");
  });

  it("support helpers: failures throw with nix's message, missing tools fail loudly", () => {
    expect(() => requireTool("homelab-gen-no-such-tool")).toThrow(/not on PATH/);
    expect(() => nixParse(writeNix("{ a = ; }"))).toThrow(/syntax error/);
    expect(() => nixEvalJson("throw \"boom\"")).toThrow(/boom/);
  });

  it("support helpers: eval is offline, relative to cwd, with a private store", () => {
    const d = mkdtempSync(join(tmpdir(), "nix-env-"));
    writeFileSync(join(d, "v.nix"), "41");
    // Interpolating a path hashes it into a store path (--eval is read-only: nothing is copied).
    const [v, p] = nixEvalJson('[ (import ./v.nix + 1) "${./v.nix}" ]', { cwd: d }) as [number, string];
    expect(v).toBe(42);
    expect(p).toMatch(/^\/nix\/store\/[a-z0-9]{32}-v\.nix$/);
    const env = nixEnv();
    expect(env.NIX_REMOTE).toMatch(/^local\?root=/);
    expect(existsSync(join(String(env.NIX_CONF_DIR), "nix.conf"))).toBe(true);
  });

  it("every golden sample parses", () => {
    try {
      nixParse(writeNix(batch(parseSamples.map((s) => s.text))));
    } catch (err) {
      // Find the culprit for a readable failure.
      for (const s of parseSamples) {
        expect(() => nixParse(writeNix(batch([s.text]))), s.name).not.toThrow();
      }
      throw err;
    }
    expect(parseSamples.length).toBeGreaterThan(60);
  });

  it("pure-data samples evaluate to the expected JSON", () => {
    const got = nixEvalJson(`[\n${evalSamples.map((s) => `(\n${s.text}\n)`).join("\n")}\n]`) as unknown[];
    evalSamples.forEach((s, i) => {
      expect(got[i], s.name).toEqual(s.json);
    });
  });

  it("precedence cases parse to the same tree as their explicit parenthesization", () => {
    const printed = nixParse(writeNix(batch(sameTree.map((s) => s.text))));
    const explicit = nixParse(writeNix(batch(sameTree.map((s) => s.explicit))));
    if (printed !== explicit) {
      for (const s of sameTree) {
        expect(nixParse(writeNix(batch([s.text]))), s.name).toBe(nixParse(writeNix(batch([s.explicit]))));
      }
    }
    expect(printed).toBe(explicit);
  });
});

describe("large files", () => {
  it("prints a list of 100,000 expanded items without overflowing the stack", async () => {
    const { attrs, int, list, print } = await import("../syntax/nix/index.js");
    const text = print(list(Array.from({ length: 100_000 }, (_, i) => attrs({ a: int(i), b: int(i) }))));
    expect(text.split("\n").length).toBe(100_000 * 4 + 2);
  });
});
