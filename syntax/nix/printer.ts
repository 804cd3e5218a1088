/**
 * Nix printer: the only place Nix text is produced.
 *
 * Layout follows nixfmt (RFC 166) for the shapes generators use: 2-space indent, width 100,
 * `[ ]` / `{ }` when empty, short simple lists and one-entry sets on one line, everything else
 * expanded one item per line, a trailing set/list argument "hugged" (`f {` ... `}`).
 * Correctness does not depend on layout: every child that could re-associate gets parentheses,
 * strings and attribute names are escaped here, and all leaves are re-validated while printing.
 */
import {
  assertAttrName,
  assertIdentifier,
  assertNixText,
  assertRelativePath,
  assertSafeInt,
  isIdentifier,
  type BinaryOperator,
  type Entry,
  type Expr,
  type NixFile,
  type SetPattern,
} from "./ast.js";

/** Target line width (nixfmt's default). Example: a flat form is used when `col + length <= WIDTH`. */
export const WIDTH = 100;
const INDENT = 2;

// ---------------------------------------------------------------------------------------------
// Lexical pieces

/**
 * A Nix `"..."` string literal for `s`. Escapes `\`, `"`, every `$` (so `${` never opens an
 * interpolation) and newline/CR/tab; everything else is literal (Nix knows no `\uXXXX`).
 * Example: `escapeString('a"$b')` returns `"a\"\$b"` (with the outer quotes).
 */
export function escapeString(s: string): string {
  assertNixText(s);
  // Most strings need no escaping; skip the per-character rebuild for them.
  return NEEDS_ESCAPE_RE.test(s) ? `"${s.replace(ESCAPES_RE, escapeChar)}"` : `"${s}"`;
}

const NEEDS_ESCAPE_RE = /[\\"$\n\r\t]/;
const ESCAPES_RE = /[\\"$\n\r\t]/g;

function escapeChar(ch: string): string {
  switch (ch) {
    case "\n":
      return "\\n";
    case "\r":
      // Must be escaped: the Nix lexer turns a literal CR (or CRLF) into LF.
      return "\\r";
    case "\t":
      return "\\t";
    default:
      return "\\" + ch; // `\`, `"` and `$`
  }
}

/**
 * An attribute name as written in a binding, select or `inherit (x)`: bare when it is an
 * identifier, else a quoted string. Example: `attrName("a-b")` is `a-b`, `attrName("in")` is `"in"`.
 */
export function attrName(name: string): string {
  assertAttrName(name);
  return isIdentifier(name) ? name : escapeString(name);
}

const OPS: Record<BinaryOperator, { prec: number; assoc: "left" | "right" | "none" }> = {
  // Precedence numbers from the Nix manual's operator table (lower binds tighter).
  "++": { prec: 5, assoc: "right" },
  "+": { prec: 7, assoc: "left" },
  "//": { prec: 9, assoc: "right" },
  "==": { prec: 11, assoc: "none" },
  "!=": { prec: 11, assoc: "none" },
  "&&": { prec: 12, assoc: "left" },
  "||": { prec: 13, assoc: "left" },
};

const LOOSEST = 100; // lambda, let, if: they extend as far right as possible

function prec(e: Expr): number {
  switch (e.kind) {
    case "int":
      return e.value < 0 ? 3 : 0; // `-1` is unary minus applied to 1
    case "select":
      return 1;
    case "apply":
      return 2;
    case "binop": {
      const info = OPS[e.op];
      if (!info) throw new Error(`Unsupported Nix operator ${String(e.op)}`);
      return info.prec;
    }
    case "lambda":
    case "let":
    case "if":
      return LOOSEST;
    default:
      return 0;
  }
}

/** Where a child sits; decides whether it needs parentheses. */
type Pos =
  | "arg" // list item or function argument: must be a "select or simpler" expression
  | "fn" // function position of an application
  | "selBase" // the `e` in `e.a`
  | "selDefault" // the `d` in `e.a or d`
  | { readonly op: BinaryOperator; readonly side: "left" | "right" };

function isPlainSelect(e: Expr): boolean {
  return e.kind === "select" && e.default === undefined;
}

function needsParens(e: Expr, pos: Pos): boolean {
  if (pos === "arg" || pos === "selDefault") return !(prec(e) === 0 || isPlainSelect(e));
  if (pos === "fn") return !(prec(e) === 0 || isPlainSelect(e) || e.kind === "apply");
  if (pos === "selBase") {
    // `1.a` would lex as a float and `./p.a` as a longer path, so those get parentheses too.
    if (e.kind === "int" || e.kind === "path") return true;
    return !(prec(e) === 0 || isPlainSelect(e));
  }
  const p = prec(e);
  const info = OPS[pos.op];
  if (p < info.prec) return false;
  if (p > info.prec) return true;
  // Same precedence: only the operator's own associativity side may stay bare.
  return !(e.kind === "binop" && e.op === pos.op && info.assoc === pos.side);
}

// ---------------------------------------------------------------------------------------------
// Flat (single-line) rendering

function scalarText(e: Expr): string | null {
  switch (e.kind) {
    case "string":
      return escapeString(e.value);
    case "int":
      assertSafeInt(e.value);
      return String(e.value);
    case "bool":
      if (typeof e.value !== "boolean") throw new Error("Nix bool node must hold a boolean");
      return e.value ? "true" : "false";
    case "null":
      return "null";
    case "ident":
      assertIdentifier(e.name);
      return e.name;
    case "path":
      assertRelativePath(e.value);
      return e.value;
    default:
      return null;
  }
}

function isContainer(e: Expr): boolean {
  return (e.kind === "list" && e.items.length > 0) || (e.kind === "attrs" && e.entries.length > 0);
}

/**
 * Single-line form of `e`, or null when `e` must be expanded (several entries, comments, `let`)
 * or is longer than `max` characters (at most the width). Children get only the room their parent
 * has left, so a call stops after about `max` characters however big `e` is: printing stays
 * linear without memoizing each subtree's flat form, and no string is built just to be dropped.
 */
function flat(e: Expr, max = WIDTH): string | null {
  if (max <= 0) return null; // nothing prints shorter than one character
  const r = computeFlat(e, max);
  return r !== null && r.length > max ? null : r;
}

function flatWrapped(e: Expr, pos: Pos, max = WIDTH): string | null {
  if (!needsParens(e, pos)) return flat(e, max);
  const f = flat(e, max - 2);
  return f === null ? null : `(${f})`;
}

function flatEntry(en: Entry, max: number): string | null {
  if (en.comment !== undefined) return null;
  if (en.kind === "binding") {
    if (isContainer(en.value)) return null;
    const key = bindingKey(en.path);
    const v = flat(en.value, max - key.length - 4);
    return v === null ? null : `${key} = ${v};`;
  }
  const from = en.from === undefined ? "" : flat(en.from, max - 10);
  if (from === null) return null;
  return inheritHead(en, from) + ` ${inheritNames(en).join(" ")};`;
}

function flatPattern(p: SetPattern, max = WIDTH): string | null {
  const parts: string[] = [];
  for (const prm of p.params) {
    assertIdentifier(prm.name, "lambda parameter");
    if (prm.default === undefined) parts.push(prm.name);
    else {
      const d = flatLoose(prm.default, max - prm.name.length - 7);
      if (d === null) return null;
      parts.push(`${prm.name} ? ${d}`);
    }
  }
  if (p.ellipsis) parts.push("...");
  return parts.length === 0 ? "{ }" : `{ ${parts.join(", ")} }`;
}

function paramText(param: string | SetPattern, max = WIDTH): string | null {
  if (typeof param === "string") {
    assertIdentifier(param, "lambda parameter");
    return param;
  }
  return flatPattern(param, max);
}

function computeFlat(e: Expr, max: number): string | null {
  const s = scalarText(e);
  if (s !== null) return s;
  switch (e.kind) {
    case "list": {
      if (e.items.length === 0) return "[ ]";
      let out = "[ ";
      for (const it of e.items) {
        if (isContainer(it)) return null; // nested containers are expanded one per line
        const f = flatWrapped(it, "arg", max - out.length - 2);
        if (f === null) return null;
        out += f + " ";
      }
      return out + "]";
    }
    case "attrs": {
      const open = e.rec ? "rec {" : "{";
      if (e.entries.length === 0) return `${open} }`;
      if (e.entries.length > 1) return null; // several entries: always one per line
      const only = flatEntry(e.entries[0]!, max - open.length - 3);
      return only === null ? null : `${open} ${only} }`;
    }
    case "select": {
      const path = selectPath(e.path);
      const base = flatWrapped(e.expr, "selBase", max - path.length);
      if (base === null) return null;
      const out = base + path;
      if (e.default === undefined) return out;
      const d = flatWrapped(e.default, "selDefault", max - out.length - 4);
      return d === null ? null : `${out} or ${d}`;
    }
    case "apply": {
      const { fn, args } = flattenApply(e);
      let out = flatWrapped(fn, "fn", max - 2);
      for (let i = 0; out !== null && i < args.length; i++) {
        const a = flatWrapped(args[i]!, "arg", max - out.length - 1);
        out = a === null ? null : `${out} ${a}`;
      }
      return out;
    }
    case "lambda": {
      const head = paramText(e.param, max - 3);
      if (head === null) return null;
      const body = flat(e.body, max - head.length - 2);
      return body === null ? null : `${head}: ${body}`;
    }
    case "let":
      return null; // nixfmt always expands let
    case "binop": {
      const operands = flattenBinop(e);
      const n = operands.length;
      const sep = ` ${e.op} `;
      let out = flatWrapped(operands[0]!, operandPos(e.op, 0, n), max - sep.length - 1);
      for (let i = 1; out !== null && i < n; i++) {
        const o = flatWrapped(operands[i]!, operandPos(e.op, i, n), max - out.length - sep.length);
        out = o === null ? null : out + sep + o;
      }
      return out;
    }
    case "if": {
      const c = flatLoose(e.cond, max - 3);
      if (c === null) return null;
      const head = `if ${c} then `;
      const t = flat(e.then, max - head.length);
      if (t === null) return null;
      const init = `${head}${t} else `;
      const f = flat(e.else, max - init.length);
      return f === null ? null : init + f;
    }
    default:
      throw new Error(`Unknown Nix node kind ${JSON.stringify((e as { kind?: unknown }).kind)}`);
  }
}

/**
 * `if (x: y) then` and `{ a ? (x: y) }` read better than without parentheses; both parse the same,
 * so this is only about readability.
 */
function flatLoose(e: Expr, max = WIDTH): string | null {
  if (prec(e) !== LOOSEST) return flat(e, max);
  const f = flat(e, max - 2);
  return f === null ? null : `(${f})`;
}

// The same few attribute names (`name`, `uuid`, `type`, ...) come up thousands of times in a big
// file: remember how each is written instead of validating and classifying it every time.
// Bounded, as names can also be user data.
const nameTexts = new Map<string, string>();

function nameText(name: string): string {
  let text = nameTexts.get(name);
  if (text === undefined) {
    text = attrName(name);
    if (nameTexts.size >= 10_000) nameTexts.clear();
    nameTexts.set(name, text);
  }
  return text;
}

function bindingKey(path: readonly string[]): string {
  if (path.length === 0) throw new Error("Nix binding needs a non-empty attribute path");
  let key = nameText(path[0]!);
  for (let i = 1; i < path.length; i++) key += "." + nameText(path[i]!);
  return key;
}

function selectPath(path: readonly string[]): string {
  if (path.length === 0) throw new Error("Nix select needs at least one attribute name");
  let text = "";
  for (const name of path) text += "." + nameText(name);
  return text;
}

function inheritNames(en: Extract<Entry, { kind: "inherit" }>): string[] {
  if (en.names.length === 0) throw new Error("Nix inherit needs at least one name");
  return en.names.map((n) => {
    if (en.from === undefined) assertIdentifier(n, "inherited variable");
    return attrName(n);
  });
}

function inheritHead(en: Extract<Entry, { kind: "inherit" }>, fromFlat: string): string {
  return en.from === undefined ? "inherit" : `inherit (${fromFlat})`;
}

/** An application `fn a b` with nested applications in function position merged in. */
interface ApplySpine {
  readonly fn: Expr;
  readonly args: readonly Expr[];
}

/** `(f a) b` is the same application as `f a b`; collect the whole spine. */
function flattenApply(e: Extract<Expr, { kind: "apply" }>): ApplySpine {
  if (e.args.length === 0) throw new Error("Nix application needs at least one argument");
  if (e.fn.kind !== "apply") return e; // the usual case, nothing to collect
  let fn: Expr = e;
  const args: Expr[] = [];
  while (fn.kind === "apply") {
    if (fn.args.length === 0) throw new Error("Nix application needs at least one argument");
    args.unshift(...fn.args);
    fn = fn.fn;
  }
  return { fn, args };
}

/** The operands of a chain `a op b op c` along the operator's associative side. */
function flattenBinop(e: Extract<Expr, { kind: "binop" }>): Expr[] {
  const info = OPS[e.op];
  if (!info) throw new Error(`Unsupported Nix operator ${String(e.op)}`);
  if (info.assoc === "none") return [e.left, e.right];
  const operands: Expr[] = [];
  let cur: Expr = e;
  if (info.assoc === "left") {
    while (cur.kind === "binop" && cur.op === e.op) {
      operands.push(cur.right);
      cur = cur.left;
    }
    operands.push(cur);
    return operands.reverse();
  }
  while (cur.kind === "binop" && cur.op === e.op) {
    operands.push(cur.left);
    cur = cur.right;
  }
  operands.push(cur);
  return operands;
}

/** One `{ op, side }` object per operator and side, shared instead of allocated per operand. */
const OPERAND_POS = new Map(
  (Object.keys(OPS) as BinaryOperator[]).map((op) => [
    op,
    { left: { op, side: "left" }, right: { op, side: "right" } } as const,
  ]),
);

/**
 * Where operand `i` of a flattened chain of `count` sits: on the operator's associative side,
 * except the one operand at the far end.
 */
function operandPos(op: BinaryOperator, i: number, count: number): Pos {
  const sides = OPERAND_POS.get(op)!;
  if (OPS[op].assoc === "left") return i === 0 ? sides.left : sides.right;
  return i === count - 1 ? sides.right : sides.left;
}

// ---------------------------------------------------------------------------------------------
// Multi-line layout.
//
// `layout(out, e, col, ind, suffix)` appends `e` to `out`, starting on the current line where the
// caller has already written `col` characters; each further line starts with its absolute
// indentation. `ind` is the indentation of the enclosing block, `suffix` the number of characters
// that will follow (e.g. `;`), counted when checking whether a flat form fits.

/** `"\n"` and `n` spaces, cached: every line of a large file starts with one of a few of these. */
const lineStarts: string[] = [];

function lineStart(ind: number): string {
  return (lineStarts[ind] ??= "\n" + " ".repeat(ind));
}

/**
 * Pieces of text per block of output: joining every thousand or so keeps a big file's text in a
 * few hundred long strings instead of a hundred thousand small ones that each garbage collection
 * until the end of printing would have to copy.
 */
const BLOCK_CHUNKS = 1024;

/**
 * The text being printed. Layouts append to it in order instead of returning arrays of lines,
 * which every nesting level used to copy (collecting that garbage was the largest cost of
 * printing big files).
 */
class Out {
  /** Text of finished blocks of lines. */
  private readonly blocks: string[] = [];
  /** Pieces of the current block. */
  private chunks: string[] = [];
  /** Characters on the current line so far. */
  col = 0;

  text(s: string): void {
    this.chunks.push(s);
    this.col += s.length;
  }

  /** End the current line; the next one starts indented by `ind`. */
  newline(ind: number): void {
    if (this.chunks.length >= BLOCK_CHUNKS) {
      this.blocks.push(this.chunks.join(""));
      this.chunks = [];
    }
    this.chunks.push(lineStart(ind));
    this.col = ind;
  }

  toString(): string {
    return [...this.blocks, this.chunks.join("")].join("");
  }
}

function layout(out: Out, e: Expr, col: number, ind: number, suffix: number): void {
  const f = flat(e, WIDTH - col - suffix);
  if (f !== null) out.text(f);
  else broken(out, e, col, ind, suffix);
}

function layoutWrapped(out: Out, e: Expr, pos: Pos, col: number, ind: number, suffix: number): void {
  if (needsParens(e, pos)) layoutParens(out, e, col, ind, suffix);
  else layout(out, e, col, ind, suffix);
}

function layoutParens(out: Out, e: Expr, col: number, ind: number, suffix: number): void {
  const f = flat(e, WIDTH - col - suffix - 2);
  if (f !== null) {
    out.text(`(${f})`);
  } else if (willHug(e, col + 1)) {
    out.text("(");
    layout(out, e, col + 1, ind, suffix + 1);
    out.text(")");
  } else {
    out.text("(");
    out.newline(ind + INDENT);
    layout(out, e, ind + INDENT, ind + INDENT, 0);
    out.newline(ind);
    out.text(")");
  }
}

/**
 * Whether the broken layout of `e` at `col` starts on the current line and ends with a closing
 * bracket at the block's indentation (`{` ... `}`), so a parent may keep it on its own line.
 */
function willHug(e: Expr, col: number): boolean {
  switch (e.kind) {
    case "list":
      return e.items.length > 0;
    case "attrs":
      return e.entries.length > 0;
    case "apply":
      return applyHugPrefix(flattenApply(e), col) !== null;
    case "binop":
      return binopHugPrefix(e.op, flattenBinop(e), col) !== null;
    case "lambda":
      return typeof e.param === "string" && willHug(e.body, col + e.param.length + 2);
    case "select":
      return e.default === undefined && willHugWrapped(e.expr, "selBase", col);
    default:
      return false;
  }
}

function willHugWrapped(e: Expr, pos: Pos, col: number): boolean {
  // Parentheses always hug: either `(f {` ... `})` or `(` ... `)` with the inside indented.
  return needsParens(e, pos) || willHug(e, col);
}

/** `f a b ` when the last argument can be hugged after it, else null. */
function applyHugPrefix({ fn, args }: ApplySpine, col: number): string | null {
  let prefix = flatWrapped(fn, "fn");
  for (let i = 0; prefix !== null && i < args.length - 1; i++) {
    const a = flatWrapped(args[i]!, "arg");
    prefix = a === null ? null : `${prefix} ${a}`;
  }
  if (prefix === null || col + prefix.length + 1 >= WIDTH) return null;
  return willHugWrapped(args[args.length - 1]!, "arg", col + prefix.length + 1) ? prefix + " " : null;
}

/** `a // b // ` when the last operand can be hugged after it, else null. */
function binopHugPrefix(op: BinaryOperator, operands: readonly Expr[], col: number): string | null {
  const n = operands.length;
  let prefix = "";
  for (let i = 0; i < n - 1; i++) {
    const o = flatWrapped(operands[i]!, operandPos(op, i, n));
    if (o === null) return null;
    prefix += `${o} ${op} `;
  }
  if (col + prefix.length >= WIDTH) return null;
  return willHugWrapped(operands[n - 1]!, operandPos(op, n - 1, n), col + prefix.length) ? prefix : null;
}

function broken(out: Out, e: Expr, col: number, ind: number, suffix: number): void {
  const s = scalarText(e);
  if (s !== null) {
    out.text(s); // cannot be broken; a long string simply overflows
    return;
  }
  switch (e.kind) {
    case "list":
      return brokenList(out, e.items, ind);
    case "attrs": {
      const open = e.rec ? "rec {" : "{";
      if (e.entries.length === 0) return out.text(`${open} }`);
      out.text(open);
      entries(out, e.entries, ind + INDENT);
      out.newline(ind);
      return out.text("}");
    }
    case "select":
      return brokenSelect(out, e, col, ind, suffix);
    case "apply":
      return brokenApply(out, flattenApply(e), col, ind, suffix);
    case "lambda":
      return brokenLambda(out, e, col, ind, suffix);
    case "let":
      out.text("let");
      entries(out, e.bindings, ind + INDENT);
      out.newline(ind);
      out.text("in");
      out.newline(ind);
      return layout(out, e.body, ind, ind, suffix);
    case "binop":
      return brokenBinop(out, e.op, flattenBinop(e), col, ind, suffix);
    case "if":
      return brokenIf(out, e, col, ind, suffix);
    default:
      throw new Error(`Unknown Nix node kind ${JSON.stringify((e as { kind?: unknown }).kind)}`);
  }
}

function brokenList(out: Out, items: readonly Expr[], ind: number): void {
  if (items.length === 0) return out.text("[ ]");
  const inner = ind + INDENT;
  out.text("[");
  for (const it of items) {
    out.newline(inner);
    layoutWrapped(out, it, "arg", inner, inner, 0);
  }
  out.newline(ind);
  out.text("]");
}

function brokenSelect(out: Out, e: Extract<Expr, { kind: "select" }>, col: number, ind: number, suffix: number): void {
  const pathText = selectPath(e.path);
  const tail = e.default === undefined ? suffix : 0;
  layoutWrapped(out, e.expr, "selBase", col, ind, pathText.length + tail);
  out.text(pathText);
  if (e.default === undefined) return;
  out.text(" or ");
  layoutWrapped(out, e.default, "selDefault", out.col, ind, suffix);
}

function brokenApply(out: Out, spine: ApplySpine, col: number, ind: number, suffix: number): void {
  const { fn, args } = spine;
  const prefix = applyHugPrefix(spine, col);
  if (prefix !== null) {
    out.text(prefix);
    return layoutWrapped(out, args[args.length - 1]!, "arg", col + prefix.length, ind, suffix);
  }
  const inner = ind + INDENT;
  layoutWrapped(out, fn, "fn", col, ind, 0);
  args.forEach((a, i) => {
    out.newline(inner);
    layoutWrapped(out, a, "arg", inner, inner, i === args.length - 1 ? suffix : 0);
  });
}

function brokenLambda(out: Out, e: Extract<Expr, { kind: "lambda" }>, col: number, ind: number, suffix: number): void {
  if (typeof e.param !== "string") {
    pattern(out, e.param, col, ind);
    out.newline(ind);
  } else {
    const head = paramText(e.param)! + ":";
    if (willHug(e.body, col + head.length + 1)) {
      out.text(head + " ");
      return layout(out, e.body, col + head.length + 1, ind, suffix);
    }
    out.text(head);
    out.newline(ind);
  }
  layout(out, e.body, ind, ind, suffix);
}

function brokenBinop(out: Out, op: BinaryOperator, operands: readonly Expr[], col: number, ind: number, suffix: number): void {
  const n = operands.length;
  const last = n - 1;
  const prefix = binopHugPrefix(op, operands, col);
  if (prefix !== null) {
    out.text(prefix);
    return layoutWrapped(out, operands[last]!, operandPos(op, last, n), col + prefix.length, ind, suffix);
  }
  layoutWrapped(out, operands[0]!, operandPos(op, 0, n), col, ind, 0);
  const opCol = ind + op.length + 1;
  for (let i = 1; i <= last; i++) {
    out.newline(ind);
    out.text(op + " ");
    layoutWrapped(out, operands[i]!, operandPos(op, i, n), opCol, ind, i === last ? suffix : 0);
  }
}

function brokenIf(out: Out, e: Extract<Expr, { kind: "if" }>, col: number, ind: number, suffix: number): void {
  const inner = ind + INDENT;
  let cur: Expr = e;
  let kw = "if";
  let c0 = col;
  // `else if` chains stay flat instead of nesting deeper and deeper.
  while (cur.kind === "if") {
    const c = flatLoose(cur.cond);
    if (c !== null && c0 + kw.length + c.length + 6 <= WIDTH) {
      out.text(`${kw} ${c} then`);
    } else {
      out.text(kw);
      out.newline(inner);
      if (prec(cur.cond) === LOOSEST) layoutParens(out, cur.cond, inner, inner, 0);
      else layout(out, cur.cond, inner, inner, 0);
      out.newline(ind);
      out.text("then");
    }
    out.newline(inner);
    layout(out, cur.then, inner, inner, 0);
    out.newline(ind);
    cur = cur.else;
    kw = "else if";
    c0 = ind;
  }
  out.text("else");
  out.newline(inner);
  layout(out, cur, inner, inner, suffix);
}

/** `{ a, b ? 1 }:` on one line when it fits, else one formal per line. */
function pattern(out: Out, p: SetPattern, col: number, ind: number): void {
  const f = flatPattern(p);
  if (f !== null && col + f.length + 1 <= WIDTH) return out.text(f + ":");
  const inner = ind + INDENT;
  out.text("{");
  for (const prm of p.params) {
    assertIdentifier(prm.name, "lambda parameter");
    out.newline(inner);
    if (prm.default === undefined) {
      out.text(prm.name + ",");
    } else {
      const head = `${prm.name} ? `;
      out.text(head);
      if (prec(prm.default) === LOOSEST) layoutParens(out, prm.default, inner + head.length, inner, 1);
      else layout(out, prm.default, inner + head.length, inner, 1);
      out.text(",");
    }
  }
  if (p.ellipsis) {
    out.newline(inner);
    out.text("...");
  }
  out.newline(ind);
  out.text("}:");
}

/** The `# ...` lines of a comment, without indentation. */
function commentLines(comment: string): string[] {
  assertNixText(comment, "comment");
  // A comment runs to CR or LF, so every line break starts a new `#` line.
  return comment.split(/\r\n|\r|\n/).map((l) => {
    const t = l.trimEnd();
    return t === "" ? "#" : `# ${t}`;
  });
}

/** Entries of a set or `let`, each starting on a new line indented by `ind`. */
function entries(out: Out, list: readonly Entry[], ind: number): void {
  for (const en of list) {
    if (en.comment !== undefined) {
      for (const line of commentLines(en.comment)) {
        out.newline(ind);
        out.text(line);
      }
    }
    out.newline(ind);
    if (en.kind === "binding") binding(out, en, ind);
    else inheritEntry(out, en, ind);
  }
}

function binding(out: Out, en: Extract<Entry, { kind: "binding" }>, ind: number): void {
  const key = bindingKey(en.path);
  const c = ind + key.length + 3;
  const f = flat(en.value, WIDTH - c - 1);
  if (f !== null) {
    out.text(`${key} = ${f};`);
  } else if (willHug(en.value, c)) {
    out.text(key + " = ");
    layout(out, en.value, c, ind, 1);
    out.text(";");
  } else {
    // nixfmt style for long non-bracketed values: break after `=` and indent.
    out.text(key + " =");
    out.newline(ind + INDENT);
    layout(out, en.value, ind + INDENT, ind + INDENT, 1);
    out.text(";");
  }
}

function inheritEntry(out: Out, en: Extract<Entry, { kind: "inherit" }>, ind: number): void {
  const names = inheritNames(en);
  const fromFlat = en.from === undefined ? "" : flat(en.from);
  if (fromFlat !== null) {
    const line = `${inheritHead(en, fromFlat)} ${names.join(" ")};`;
    if (ind + line.length <= WIDTH) return out.text(line);
  }
  if (en.from === undefined) {
    out.text("inherit");
  } else if (fromFlat !== null && ind + fromFlat.length + 10 <= WIDTH) {
    out.text(`inherit (${fromFlat})`);
  } else {
    out.text("inherit ");
    layoutParens(out, en.from, ind + 8, ind, 0);
  }
  for (const n of names) {
    out.newline(ind + INDENT);
    out.text(n);
  }
  out.newline(ind + INDENT);
  out.text(";");
}

// ---------------------------------------------------------------------------------------------
// Entry points

function layoutTop(out: Out, e: Expr): void {
  // A file's top-level `{ nixvirt, ... }:` header always sits on its own line (nixfmt style).
  if (e.kind === "lambda" && typeof e.param !== "string") broken(out, e, 0, 0, 0);
  else layout(out, e, 0, 0, 0);
}

/**
 * Nix source for `expr` (no trailing newline).
 * Example: `print(attrs({ a: int(1) }))` returns `{ a = 1; }`.
 */
export function print(expr: Expr): string {
  const out = new Out();
  layoutTop(out, expr);
  return out.toString();
}

/**
 * A whole file: `# header` lines, then the expression, ending with exactly one newline.
 * Example: `printFile(file(["Generated"], nul()))` returns `"# Generated\nnull\n"`.
 */
export function printFile(f: NixFile): string {
  if (f.kind !== "file") throw new Error("printFile expects a node built with file()");
  const out = new Out();
  for (const line of f.header.flatMap(commentLines)) {
    out.text(line);
    out.newline(0);
  }
  layoutTop(out, f.expr);
  out.text("\n");
  return out.toString();
}
