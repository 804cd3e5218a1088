/**
 * Nix syntax tree and its builders.
 *
 * This is the only way the project describes Nix code: generators build a tree with the small
 * functions below and hand it to `print` / `printFile` (printer.ts), which owns escaping, quoting,
 * parenthesization and layout. Builders validate eagerly so a bad name or value fails where it was
 * produced, not later as a Nix parse error; the printer re-checks (nodes are plain objects).
 */

/** Any Nix expression node. */
export type Expr =
  | Str
  | Int
  | Bool
  | Null
  | List
  | Attrs
  | Ident
  | Select
  | Apply
  | Lambda
  | LetIn
  | BinOp
  | If
  | PathLit;

/** A string literal; printed as `"..."`. Example: `str("a$b")` prints `"a\$b"`. */
export interface Str {
  readonly kind: "string";
  readonly value: string;
}

/** An integer literal (a JS safe integer). Example: `int(42)` prints `42`. */
export interface Int {
  readonly kind: "int";
  readonly value: number;
}

/** `true` / `false`. Example: `bool(true)`. */
export interface Bool {
  readonly kind: "bool";
  readonly value: boolean;
}

/** `null`. Example: `nul()`. */
export interface Null {
  readonly kind: "null";
}

/** A list literal. Example: `list([str("a"), int(1)])` prints `[ "a" 1 ]`. */
export interface List {
  readonly kind: "list";
  readonly items: readonly Expr[];
}

/** An attribute set literal, entries kept in the given order. Example: `attrs({ a: int(1) })`. */
export interface Attrs {
  readonly kind: "attrs";
  readonly rec: boolean;
  readonly entries: readonly Entry[];
}

/**
 * One entry of an attribute set or a `let`: a binding or an `inherit`.
 * Example: `[bind("a", int(1)), inherit(["b"])]`.
 */
export type Entry = Binding | Inherit;

/** `a.b."c d" = value;` with an optional `# comment` above it. Example: `bind("a.b", int(1))`. */
export interface Binding {
  readonly kind: "binding";
  /** Attribute path, one or more names (each printed bare or quoted as needed). */
  readonly path: readonly string[];
  readonly value: Expr;
  readonly comment?: string;
}

/** `inherit a b;` or `inherit (from) a b;`. Example: `inherit(["pkgs"])`. */
export interface Inherit {
  readonly kind: "inherit";
  readonly names: readonly string[];
  readonly from?: Expr;
  readonly comment?: string;
}

/** A variable reference. Example: `id("pkgs")`. */
export interface Ident {
  readonly kind: "ident";
  readonly name: string;
}

/** `expr.a."b-c"` with an optional `or default`. Example: `sel(id("pkgs"), "hello")`. */
export interface Select {
  readonly kind: "select";
  readonly expr: Expr;
  readonly path: readonly string[];
  readonly default?: Expr;
}

/** Function application `fn a b`. Example: `app(id("f"), int(1))`. */
export interface Apply {
  readonly kind: "apply";
  readonly fn: Expr;
  readonly args: readonly Expr[];
}

/** One formal of a set pattern: `name` or `name ? default`. Example: `{ name: "pkgs", default: nul() }`. */
export interface Param {
  readonly name: string;
  readonly default?: Expr;
}

/** `{ a, b ? 1, ... }` as a lambda parameter. Example: `{ params: [{ name: "a" }], ellipsis: true }`. */
export interface SetPattern {
  readonly params: readonly Param[];
  readonly ellipsis: boolean;
}

/** `x: body` or `{ a, ... }: body`. Example: `lambda("x", id("x"))`. */
export interface Lambda {
  readonly kind: "lambda";
  readonly param: string | SetPattern;
  readonly body: Expr;
}

/** `let bindings in body`. Example: `letIn({ x: int(1) }, id("x"))`. */
export interface LetIn {
  readonly kind: "let";
  readonly bindings: readonly Entry[];
  readonly body: Expr;
}

/** The binary operators this project emits. Example: `op("//", id("a"), id("b"))`. */
export type BinaryOperator = "//" | "++" | "+" | "==" | "!=" | "&&" | "||";

/** `left op right`. Example: `op("+", int(1), int(2))`. */
export interface BinOp {
  readonly kind: "binop";
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `if cond then then else else`. Example: `ifThenElse(id("c"), int(1), int(2))`. */
export interface If {
  readonly kind: "if";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
}

/** A relative path literal such as `./hosts/a.nix`. Example: `path("./a.nix")`. */
export interface PathLit {
  readonly kind: "path";
  readonly value: string;
}

/** A whole file: `# header` comment lines, then one expression. Example: `file(["Generated"], nul())`. */
export interface NixFile {
  readonly kind: "file";
  readonly header: readonly string[];
  readonly expr: Expr;
}

// ---------------------------------------------------------------------------------------------
// Lexical rules shared with the printer.

/**
 * Words the Nix lexer reserves. They can be neither variables nor bare attribute names.
 * (`or` is only contextual in the grammar, but treating it as reserved is always safe.)
 * Example: `NIX_KEYWORDS.has("let") === true`.
 */
export const NIX_KEYWORDS: ReadonlySet<string> = new Set([
  "assert",
  "else",
  "if",
  "in",
  "inherit",
  "let",
  "or",
  "rec",
  "then",
  "with",
]);

const ID_RE = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/**
 * True when `name` can be written as a bare identifier (variable or unquoted attribute name).
 * `true`, `false` and `null` qualify: in Nix they are ordinary names bound by the global scope.
 * Example: `isIdentifier("a-b") === true`, `isIdentifier("in") === false`.
 */
export function isIdentifier(name: string): boolean {
  return ID_RE.test(name) && !NIX_KEYWORDS.has(name);
}

/**
 * Throws unless `name` is a bare identifier; used for variables, lambda params, `inherit x`.
 * Example: `assertIdentifier("pkgs")` returns; `assertIdentifier("let")` throws.
 */
export function assertIdentifier(name: string, what = "identifier"): void {
  if (typeof name !== "string" || !isIdentifier(name)) {
    throw new Error(
      `Invalid Nix ${what} ${JSON.stringify(name)}: must match [a-zA-Z_][a-zA-Z0-9_'-]* and not be a keyword`,
    );
  }
}

// A lone surrogate cannot be encoded as UTF-8, so it would silently turn into U+FFFD on disk.
const LONE_SURROGATE_RE = /[\uD800-\uDFFF]/u;
// NUL or any surrogate, paired or not: one scan that clears almost every string, so the precise
// checks only run on the few that have one.
const SUSPECT_RE = /[\0\uD800-\uDFFF]/;

/**
 * Throws unless `s` can be represented as Nix text: no NUL (Nix strings are C strings) and no
 * lone UTF-16 surrogate. Example: `assertNixText("ok")` returns; `assertNixText("a\0")` throws.
 */
export function assertNixText(s: string, what = "string"): void {
  if (typeof s !== "string") throw new Error(`Nix ${what} must be a JS string, got ${typeof s}`);
  if (!SUSPECT_RE.test(s)) return;
  if (s.includes("\0")) {
    throw new Error(`Nix ${what} cannot contain NUL (\\0): ${JSON.stringify(s)}`);
  }
  if (LONE_SURROGATE_RE.test(s)) {
    throw new Error(`Nix ${what} contains a lone UTF-16 surrogate: ${JSON.stringify(s)}`);
  }
}

/**
 * Attribute names may be any representable string (quoted when not an identifier).
 * Example: `assertAttrName("a b")` returns; `assertAttrName("\0")` throws.
 */
export function assertAttrName(name: string): void {
  assertNixText(name, "attribute name");
}

// Path literals are restricted to a boring, obviously relative subset: absolute host paths would
// be copied into the store at eval time, so they must be strings in this project.
const PATH_RE = /^\.\.?(\/[A-Za-z0-9._+-]+)+$/;

/**
 * Throws unless `p` is a relative path literal.
 * Example: `assertRelativePath("./a/b.nix")` returns; `assertRelativePath("/etc/x")` throws.
 */
export function assertRelativePath(p: string): void {
  if (typeof p !== "string" || !PATH_RE.test(p)) {
    throw new Error(
      `Invalid Nix path literal ${JSON.stringify(p)}: must be relative ("./x/y.nix" or "../x"), ` +
        `use only [A-Za-z0-9._/+-], no empty segments or trailing slash; absolute paths must be strings`,
    );
  }
}

/**
 * Throws unless `n` is a safe integer (Nix ints are 64-bit; JS numbers are exact up to 2^53).
 * Example: `assertSafeInt(3)` returns; `assertSafeInt(1.5)` throws.
 */
export function assertSafeInt(n: number): void {
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw new Error(`Nix int must be a safe integer, got ${String(n)}`);
  }
}

function assertComment(c: string): void {
  assertNixText(c, "comment");
}

const BINARY_OPERATORS: ReadonlySet<string> = new Set(["//", "++", "+", "==", "!=", "&&", "||"]);

// ---------------------------------------------------------------------------------------------
// Builders

/** A string literal. Throws on NUL. Example: `str("hello")` prints `"hello"`. */
export function str(s: string): Str {
  assertNixText(s);
  return { kind: "string", value: s };
}

/** An integer literal, safe integers only. Example: `int(-3)` prints `-3`. */
export function int(n: number): Int {
  assertSafeInt(n);
  return { kind: "int", value: n === 0 ? 0 : n }; // normalize -0
}

/** A boolean literal. Example: `bool(false)` prints `false`. */
export function bool(b: boolean): Bool {
  if (typeof b !== "boolean") throw new Error(`Nix bool must be a boolean, got ${typeof b}`);
  return { kind: "bool", value: b };
}

/** The `null` literal. Example: `nul()` prints `null`. */
export function nul(): Null {
  return { kind: "null" };
}

/** A list. Example: `list([int(1), int(2)])` prints `[ 1 2 ]`. */
export function list(items: readonly Expr[]): List {
  return { kind: "list", items: [...items] };
}

/**
 * Entries, or a Record whose keys are single attribute names; `undefined` values are left out.
 * Example: `{ name: str("vm"), description: undefined }`.
 */
export type AttrsInput = readonly Entry[] | Readonly<Record<string, Expr | undefined>>;

function toEntries(input: AttrsInput, where: string): Entry[] {
  if (Array.isArray(input)) {
    const entries = [...(input as readonly Entry[])];
    checkDuplicates(entries, where);
    return entries;
  }
  // Record shorthand: each key is ONE attribute name (a key "a.b" is the name `"a.b"`), and the
  // keys of an object are distinct, so there are no duplicates to look for.
  const record = input as Readonly<Record<string, Expr | undefined>>;
  const out: Entry[] = [];
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v !== undefined) out.push(bind([k], v));
  }
  return out;
}

// Catch the common generator mistake of defining a name twice; Nix would reject it at eval time.
function checkDuplicates(entries: readonly Entry[], where: string): void {
  const seen = new Set<string>();
  const add = (key: string, path: readonly string[]): void => {
    if (seen.has(key)) throw new Error(`Duplicate attribute ${path.join(".")} in ${where}`);
    seen.add(key);
  };
  for (const e of entries) {
    // Names cannot contain NUL (assertAttrName), so joining on it keeps distinct paths distinct;
    // a one-name path (the usual case) is its own key.
    if (e.kind === "binding") add(e.path.length === 1 ? e.path[0]! : e.path.join("\0"), e.path);
    else for (const n of e.names) add(n, [n]);
  }
}

/** An attribute set. Example: `attrs({ name: str("vm") })` prints `{ name = "vm"; }`. */
export function attrs(entries: AttrsInput = []): Attrs {
  return { kind: "attrs", rec: false, entries: toEntries(entries, "attribute set") };
}

/** A recursive attribute set. Example: `attrsRec({ a: int(1), b: id("a") })` prints `rec { ... }`. */
export function attrsRec(entries: AttrsInput = []): Attrs {
  return { ...attrs(entries), rec: true };
}

/**
 * A binding `path = value;`. A string path is split on dots (`"a.b"` = `a.b`); pass an array to
 * keep dots inside a name (`["a.b"]` prints `"a.b"`). Example: `bind("boot.loader", nul(), "why")`.
 */
export function bind(path: string | readonly string[], value: Expr, comment?: string): Binding {
  const p = typeof path === "string" ? path.split(".") : [...path];
  if (p.length === 0) throw new Error("Nix binding needs a non-empty attribute path");
  p.forEach(assertAttrName);
  if (comment !== undefined) assertComment(comment);
  return comment === undefined
    ? { kind: "binding", path: p, value }
    : { kind: "binding", path: p, value, comment };
}

/**
 * `inherit a b;` or, with `from`, `inherit (from) a b;`. Without `from` the names are variables
 * and must be identifiers. Example: `inherit(["system"], id("pkgs"))`.
 */
export function inherit(names: readonly string[], from?: Expr, comment?: string): Inherit {
  if (names.length === 0) throw new Error("Nix inherit needs at least one name");
  for (const n of names) {
    if (from === undefined) assertIdentifier(n, "inherited variable");
    else assertAttrName(n);
  }
  if (comment !== undefined) assertComment(comment);
  const base: Inherit = { kind: "inherit", names: [...names] };
  return {
    ...base,
    ...(from === undefined ? {} : { from }),
    ...(comment === undefined ? {} : { comment }),
  };
}

/** A variable reference; rejects keywords and non-identifiers. Example: `id("lib")`. */
export function id(name: string): Ident {
  assertIdentifier(name);
  return { kind: "ident", name };
}

/** Attribute selection. Example: `sel(id("pkgs"), "python3", "pkgs")` prints `pkgs.python3.pkgs`. */
export function sel(expr: Expr, ...path: string[]): Select {
  if (path.length === 0) throw new Error("Nix select needs at least one attribute name");
  path.forEach(assertAttrName);
  return { kind: "select", expr, path: [...path] };
}

/** Selection with a fallback. Example: `selOr(id("a"), ["b"], nul())` prints `a.b or null`. */
export function selOr(expr: Expr, path: readonly string[], dflt: Expr): Select {
  return { ...sel(expr, ...path), default: dflt };
}

/** Function application. Example: `app(id("f"), int(1), int(2))` prints `f 1 2`. */
export function app(fn: Expr, ...args: Expr[]): Apply {
  if (args.length === 0) throw new Error("Nix application needs at least one argument");
  return { kind: "apply", fn, args: [...args] };
}

/** Parameter spec for a set-pattern lambda. Example: `{ params: [{ name: "nixvirt" }], ellipsis: true }`. */
export interface SetPatternInput {
  readonly params: ReadonlyArray<{ readonly name: string; readonly default?: Expr }>;
  readonly ellipsis?: boolean;
}

/**
 * A lambda. Example: `lambda("x", id("x"))` prints `x: x`;
 * `lambda({ params: [{ name: "nixvirt" }], ellipsis: true }, body)` prints `{ nixvirt, ... }: body`.
 */
export function lambda(param: string | SetPatternInput, body: Expr): Lambda {
  if (typeof param === "string") {
    assertIdentifier(param, "lambda parameter");
    return { kind: "lambda", param, body };
  }
  const seen = new Set<string>();
  const params: Param[] = param.params.map((p) => {
    assertIdentifier(p.name, "lambda parameter");
    if (seen.has(p.name)) throw new Error(`Duplicate lambda parameter ${p.name}`);
    seen.add(p.name);
    return p.default === undefined ? { name: p.name } : { name: p.name, default: p.default };
  });
  return { kind: "lambda", param: { params, ellipsis: param.ellipsis ?? false }, body };
}

/** `let ... in body`. Example: `letIn({ x: int(1) }, id("x"))`. */
export function letIn(bindings: AttrsInput, body: Expr): LetIn {
  return { kind: "let", bindings: toEntries(bindings, "let"), body };
}

/** Binary operator. Example: `op("==", id("a"), int(1))` prints `a == 1`. */
export function op(operator: BinaryOperator, a: Expr, b: Expr): BinOp {
  if (!BINARY_OPERATORS.has(operator)) throw new Error(`Unsupported Nix operator ${String(operator)}`);
  return { kind: "binop", op: operator, left: a, right: b };
}

/** Attribute set update. Example: `update(id("a"), attrs({ b: int(1) }))` prints `a // { b = 1; }`. */
export function update(a: Expr, b: Expr): BinOp {
  return op("//", a, b);
}

/** List concatenation. Example: `concat(id("a"), list([int(1)]))` prints `a ++ [ 1 ]`. */
export function concat(a: Expr, b: Expr): BinOp {
  return op("++", a, b);
}

/** Conditional. Example: `ifThenElse(id("c"), int(1), int(2))` prints `if c then 1 else 2`. */
export function ifThenElse(cond: Expr, then: Expr, otherwise: Expr): If {
  return { kind: "if", cond, then, else: otherwise };
}

/**
 * A relative path literal; `"x/y.nix"` gets a `./` prefix. Absolute or odd paths throw (use a
 * string for host paths). Example: `path("./modules/vm.nix")`.
 */
export function path(rel: string): PathLit {
  const p = typeof rel === "string" && !rel.startsWith(".") && !rel.startsWith("/") ? `./${rel}` : rel;
  assertRelativePath(p);
  return { kind: "path", value: p };
}

/**
 * A whole file: header comment lines (printed `# line`), then the expression.
 * Example: `file(["Generated by homelab-gen; do not edit."], attrs({}))`.
 */
export function file(header: readonly string[], expr: Expr): NixFile {
  header.forEach(assertComment);
  return { kind: "file", header: [...header], expr };
}

/** JSON-like data accepted by {@link fromJson}. Example: `{ a: [1, "x", null], b: undefined }`. */
export type JsonLike =
  | string
  | number
  | boolean
  | null
  | readonly JsonLike[]
  | { readonly [key: string]: JsonLike | undefined };

/**
 * Plain data to a tree: strings, safe integers, booleans, null, arrays, plain objects
 * (`undefined` members skipped). Floats are rejected (the printer has no float literal).
 * Example: `fromJson({ a: [1, "x"] })` prints `{ a = [ 1 "x" ]; }`.
 */
export function fromJson(value: JsonLike): Expr {
  if (value === null) return nul();
  switch (typeof value) {
    case "string":
      return str(value);
    case "number":
      if (!Number.isSafeInteger(value)) {
        throw new Error(`fromJson: only safe integers are supported, got ${String(value)}`);
      }
      return int(value);
    case "boolean":
      return bool(value);
    case "object": {
      // Nodes are built directly rather than through list/bind/attrs, as generators pass most of
      // their data through here: the arrays below are fresh (nothing to copy defensively) and an
      // object's keys are distinct (nothing to check for duplicates).
      if (Array.isArray(value)) {
        const items = (value as readonly JsonLike[]).map((v, i) => {
          if (v === undefined) throw new Error(`fromJson: undefined array element at ${i}`);
          return fromJson(v);
        });
        return { kind: "list", items };
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new Error("fromJson: only plain objects are supported");
      }
      const record = value as Readonly<Record<string, JsonLike | undefined>>;
      const entries: Binding[] = [];
      for (const k of Object.keys(record)) {
        const v = record[k];
        if (v === undefined) continue;
        const node = fromJson(v);
        assertAttrName(k);
        entries.push({ kind: "binding", path: [k], value: node });
      }
      return { kind: "attrs", rec: false, entries };
    }
    default:
      throw new Error(`fromJson: unsupported value of type ${typeof value}`);
  }
}
