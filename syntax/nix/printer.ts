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

/**
 * Append lines and arrays of lines. `push(...lines)` passes every line as an argument, which
 * overflows the stack for files of tens of thousands of lines.
 */
function pushAll(out: string[], ...chunks: (string | readonly string[])[]): void {
  for (const chunk of chunks) {
    if (typeof chunk === "string") out.push(chunk);
    else for (const line of chunk) out.push(line);
  }
}

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
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case "\\":
        out += "\\\\";
        break;
      case '"':
        out += '\\"';
        break;
      case "$":
        out += "\\$";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        // Must be escaped: the Nix lexer turns a literal CR (or CRLF) into LF.
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      default:
        out += ch;
    }
  }
  return out + '"';
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

function pad(n: number): string {
  return " ".repeat(n);
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

// A plain Map emptied after each print: a WeakMap of this many keys made garbage collection the
// largest cost of printing big labs.
const flatMemo = new Map<Expr, string | null>();

/**
 * Single-line form of `e`, or null when `e` must be expanded (several entries, comments, `let`)
 * or is longer than the width anyway (so strings stay small and printing stays linear).
 */
function flat(e: Expr): string | null {
  const hit = flatMemo.get(e);
  if (hit !== undefined) return hit;
  let r = computeFlat(e);
  if (r !== null && r.length > WIDTH) r = null;
  flatMemo.set(e, r);
  return r;
}

function flatWrapped(e: Expr, pos: Pos): string | null {
  const f = flat(e);
  if (f === null) return null;
  return needsParens(e, pos) ? `(${f})` : f;
}

function flatEntry(en: Entry): string | null {
  if (en.comment !== undefined) return null;
  if (en.kind === "binding") {
    if (isContainer(en.value)) return null;
    const v = flat(en.value);
    return v === null ? null : `${bindingKey(en.path)} = ${v};`;
  }
  const from = en.from === undefined ? "" : flat(en.from);
  if (from === null) return null;
  return inheritHead(en, from) + ` ${inheritNames(en).join(" ")};`;
}

function flatPattern(p: SetPattern): string | null {
  const parts: string[] = [];
  for (const prm of p.params) {
    assertIdentifier(prm.name, "lambda parameter");
    if (prm.default === undefined) parts.push(prm.name);
    else {
      const d = flatLoose(prm.default);
      if (d === null) return null;
      parts.push(`${prm.name} ? ${d}`);
    }
  }
  if (p.ellipsis) parts.push("...");
  return parts.length === 0 ? "{ }" : `{ ${parts.join(", ")} }`;
}

function paramText(param: string | SetPattern): string | null {
  if (typeof param === "string") {
    assertIdentifier(param, "lambda parameter");
    return param;
  }
  return flatPattern(param);
}

function computeFlat(e: Expr): string | null {
  const s = scalarText(e);
  if (s !== null) return s;
  switch (e.kind) {
    case "list": {
      if (e.items.length === 0) return "[ ]";
      const parts: string[] = [];
      for (const it of e.items) {
        if (isContainer(it)) return null; // nested containers are expanded one per line
        const f = flatWrapped(it, "arg");
        if (f === null) return null;
        parts.push(f);
      }
      return `[ ${parts.join(" ")} ]`;
    }
    case "attrs": {
      const open = e.rec ? "rec {" : "{";
      if (e.entries.length === 0) return `${open} }`;
      if (e.entries.length > 1) return null; // several entries: always one per line
      const only = flatEntry(e.entries[0]!);
      return only === null ? null : `${open} ${only} }`;
    }
    case "select": {
      const base = flatWrapped(e.expr, "selBase");
      if (base === null) return null;
      let out = base + selectPath(e.path);
      if (e.default !== undefined) {
        const d = flatWrapped(e.default, "selDefault");
        if (d === null) return null;
        out += ` or ${d}`;
      }
      return out;
    }
    case "apply": {
      const { fn, args } = flattenApply(e);
      const parts = [flatWrapped(fn, "fn"), ...args.map((a) => flatWrapped(a, "arg"))];
      if (parts.some((p) => p === null)) return null;
      return parts.join(" ");
    }
    case "lambda": {
      const head = paramText(e.param);
      const body = flat(e.body);
      return head === null || body === null ? null : `${head}: ${body}`;
    }
    case "let":
      return null; // nixfmt always expands let
    case "binop": {
      const { operands, sides } = flattenBinop(e);
      const parts = operands.map((o, i) => flatWrapped(o, { op: e.op, side: sides[i]! }));
      if (parts.some((p) => p === null)) return null;
      return parts.join(` ${e.op} `);
    }
    case "if": {
      const c = flatLoose(e.cond);
      const t = flat(e.then);
      const f = flat(e.else);
      return c === null || t === null || f === null ? null : `if ${c} then ${t} else ${f}`;
    }
    default:
      throw new Error(`Unknown Nix node kind ${JSON.stringify((e as { kind?: unknown }).kind)}`);
  }
}

/**
 * `if (x: y) then` and `{ a ? (x: y) }` read better than without parentheses; both parse the same,
 * so this is only about readability.
 */
function flatLoose(e: Expr): string | null {
  const f = flat(e);
  return f !== null && prec(e) === LOOSEST ? `(${f})` : f;
}

function bindingKey(path: readonly string[]): string {
  if (path.length === 0) throw new Error("Nix binding needs a non-empty attribute path");
  return path.map(attrName).join(".");
}

function selectPath(path: readonly string[]): string {
  if (path.length === 0) throw new Error("Nix select needs at least one attribute name");
  return "." + path.map(attrName).join(".");
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

/** `(f a) b` is the same application as `f a b`; collect the whole spine. */
function flattenApply(e: Extract<Expr, { kind: "apply" }>): { fn: Expr; args: Expr[] } {
  let fn: Expr = e;
  const args: Expr[] = [];
  while (fn.kind === "apply") {
    if (fn.args.length === 0) throw new Error("Nix application needs at least one argument");
    args.unshift(...fn.args);
    fn = fn.fn;
  }
  return { fn, args };
}

/** A chain `a op b op c` along the operator's associative side, with each operand's side. */
function flattenBinop(e: Extract<Expr, { kind: "binop" }>): {
  operands: Expr[];
  sides: Array<"left" | "right">;
} {
  const info = OPS[e.op];
  if (!info) throw new Error(`Unsupported Nix operator ${String(e.op)}`);
  if (info.assoc === "left") {
    const rights: Expr[] = [];
    let cur: Expr = e;
    while (cur.kind === "binop" && cur.op === e.op) {
      rights.unshift(cur.right);
      cur = cur.left;
    }
    return { operands: [cur, ...rights], sides: ["left", ...rights.map(() => "right" as const)] };
  }
  if (info.assoc === "right") {
    const lefts: Expr[] = [];
    let cur: Expr = e;
    while (cur.kind === "binop" && cur.op === e.op) {
      lefts.push(cur.left);
      cur = cur.right;
    }
    return { operands: [...lefts, cur], sides: [...lefts.map(() => "left" as const), "right"] };
  }
  return { operands: [e.left, e.right], sides: ["left", "right"] };
}

// ---------------------------------------------------------------------------------------------
// Multi-line layout.
//
// `layout(e, col, ind, suffix)` returns lines; the first has no indentation (the caller has
// already written `col` characters on it), later lines carry their absolute indentation. `ind`
// is the indentation of the enclosing block, `suffix` the number of characters that will follow
// (e.g. `;`), counted when checking whether a flat form fits.

function layout(e: Expr, col: number, ind: number, suffix: number): string[] {
  const f = flat(e);
  if (f !== null && col + f.length + suffix <= WIDTH) return [f];
  return broken(e, col, ind, suffix);
}

function endCol(lines: readonly string[], col: number): number {
  return lines.length === 1 ? col + lines[0]!.length : lines[lines.length - 1]!.length;
}

/** Append `b` (laid out starting where `a` ends) to `a`. */
function joinLines(a: string[], b: readonly string[]): string[] {
  const out = a.slice(0, -1);
  pushAll(out, a[a.length - 1]! + b[0]!, b.slice(1));
  return out;
}

function appendLast(lines: string[], s: string): string[] {
  lines[lines.length - 1] += s;
  return lines;
}

function layoutWrapped(e: Expr, pos: Pos, col: number, ind: number, suffix: number): string[] {
  return needsParens(e, pos) ? layoutParens(e, col, ind, suffix) : layout(e, col, ind, suffix);
}

function layoutParens(e: Expr, col: number, ind: number, suffix: number): string[] {
  const f = flat(e);
  if (f !== null && col + f.length + 2 + suffix <= WIDTH) return [`(${f})`];
  if (willHug(e, col + 1)) {
    const lines = layout(e, col + 1, ind, suffix + 1);
    lines[0] = "(" + lines[0];
    return appendLast(lines, ")");
  }
  const inner = layout(e, ind + INDENT, ind + INDENT, 0);
  return ["(", pad(ind + INDENT) + inner[0], ...inner.slice(1), pad(ind) + ")"];
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
      return applyHugPrefix(e, col) !== null;
    case "binop":
      return binopHugPrefix(e, col) !== null;
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
function applyHugPrefix(e: Extract<Expr, { kind: "apply" }>, col: number): string | null {
  const { fn, args } = flattenApply(e);
  const head = [flatWrapped(fn, "fn"), ...args.slice(0, -1).map((a) => flatWrapped(a, "arg"))];
  if (head.some((h) => h === null)) return null;
  const prefix = head.join(" ") + " ";
  if (col + prefix.length >= WIDTH) return null;
  return willHugWrapped(args[args.length - 1]!, "arg", col + prefix.length) ? prefix : null;
}

/** `a // b // ` when the last operand can be hugged after it, else null. */
function binopHugPrefix(e: Extract<Expr, { kind: "binop" }>, col: number): string | null {
  const { operands, sides } = flattenBinop(e);
  const head = operands.slice(0, -1).map((o, i) => flatWrapped(o, { op: e.op, side: sides[i]! }));
  if (head.some((h) => h === null)) return null;
  const prefix = head.map((h) => `${h} ${e.op} `).join("");
  if (col + prefix.length >= WIDTH) return null;
  const last = operands[operands.length - 1]!;
  return willHugWrapped(last, { op: e.op, side: sides[sides.length - 1]! }, col + prefix.length)
    ? prefix
    : null;
}

function broken(e: Expr, col: number, ind: number, suffix: number): string[] {
  const s = scalarText(e);
  if (s !== null) return [s]; // cannot be broken; a long string simply overflows
  const inner = ind + INDENT;
  switch (e.kind) {
    case "list": {
      if (e.items.length === 0) return ["[ ]"];
      const out = ["["];
      for (const it of e.items) {
        const l = layoutWrapped(it, "arg", inner, inner, 0);
        pushAll(out, pad(inner) + l[0], l.slice(1));
      }
      out.push(pad(ind) + "]");
      return out;
    }
    case "attrs": {
      const open = e.rec ? "rec {" : "{";
      if (e.entries.length === 0) return [`${open} }`];
      return [open, ...entriesLines(e.entries, inner), pad(ind) + "}"];
    }
    case "select": {
      const pathText = selectPath(e.path);
      const tail = e.default === undefined ? suffix : 0;
      const lines = appendLast(
        layoutWrapped(e.expr, "selBase", col, ind, pathText.length + tail),
        pathText,
      );
      if (e.default === undefined) return lines;
      appendLast(lines, " or ");
      const d = layoutWrapped(e.default, "selDefault", endCol(lines, col), ind, suffix);
      return joinLines(lines, d);
    }
    case "apply": {
      const prefix = applyHugPrefix(e, col);
      const { fn, args } = flattenApply(e);
      if (prefix !== null) {
        const last = layoutWrapped(args[args.length - 1]!, "arg", col + prefix.length, ind, suffix);
        return joinLines([prefix], last);
      }
      const out = layoutWrapped(fn, "fn", col, ind, 0);
      args.forEach((a, i) => {
        const l = layoutWrapped(a, "arg", inner, inner, i === args.length - 1 ? suffix : 0);
        pushAll(out, pad(inner) + l[0], l.slice(1));
      });
      return out;
    }
    case "lambda": {
      if (typeof e.param === "string") {
        const head = paramText(e.param)! + ":";
        if (willHug(e.body, col + head.length + 1)) {
          return joinLines([head + " "], layout(e.body, col + head.length + 1, ind, suffix));
        }
        const body = layout(e.body, ind, ind, suffix);
        return [head, pad(ind) + body[0], ...body.slice(1)];
      }
      const out = patternLines(e.param, col, ind);
      const body = layout(e.body, ind, ind, suffix);
      pushAll(out, pad(ind) + body[0], body.slice(1));
      return out;
    }
    case "let": {
      const body = layout(e.body, ind, ind, suffix);
      return [
        "let",
        ...entriesLines(e.bindings, inner),
        pad(ind) + "in",
        pad(ind) + body[0],
        ...body.slice(1),
      ];
    }
    case "binop": {
      const prefix = binopHugPrefix(e, col);
      const { operands, sides } = flattenBinop(e);
      const last = operands.length - 1;
      if (prefix !== null) {
        const pos = { op: e.op, side: sides[last]! };
        return joinLines([prefix], layoutWrapped(operands[last]!, pos, col + prefix.length, ind, suffix));
      }
      const out = layoutWrapped(operands[0]!, { op: e.op, side: sides[0]! }, col, ind, 0);
      for (let i = 1; i <= last; i++) {
        const opCol = ind + e.op.length + 1;
        const l = layoutWrapped(operands[i]!, { op: e.op, side: sides[i]! }, opCol, ind, i === last ? suffix : 0);
        pushAll(out, `${pad(ind)}${e.op} ${l[0]}`, l.slice(1));
      }
      return out;
    }
    case "if": {
      const out: string[] = [];
      let cur: Expr = e;
      let kw = "if";
      let c0 = col;
      // `else if` chains stay flat instead of nesting deeper and deeper.
      while (cur.kind === "if") {
        const c = flatLoose(cur.cond);
        const first = out.length === 0 ? "" : pad(ind);
        if (c !== null && c0 + kw.length + c.length + 6 <= WIDTH) {
          out.push(`${first}${kw} ${c} then`);
        } else {
          const cl =
            prec(cur.cond) === LOOSEST
              ? layoutParens(cur.cond, inner, inner, 0)
              : layout(cur.cond, inner, inner, 0);
          pushAll(out, first + kw, pad(inner) + cl[0], cl.slice(1), pad(ind) + "then");
        }
        const t = layout(cur.then, inner, inner, 0);
        pushAll(out, pad(inner) + t[0], t.slice(1));
        cur = cur.else;
        kw = "else if";
        c0 = ind;
      }
      const el = layout(cur, inner, inner, suffix);
      pushAll(out, pad(ind) + "else", pad(inner) + el[0], el.slice(1));
      return out;
    }
    default:
      throw new Error(`Unknown Nix node kind ${JSON.stringify((e as { kind?: unknown }).kind)}`);
  }
}

/** `{ a, b ? 1 }:` on one line when it fits, else one formal per line. */
function patternLines(p: SetPattern, col: number, ind: number): string[] {
  const f = flatPattern(p);
  if (f !== null && col + f.length + 1 <= WIDTH) return [f + ":"];
  const inner = ind + INDENT;
  const out = ["{"];
  for (const prm of p.params) {
    assertIdentifier(prm.name, "lambda parameter");
    if (prm.default === undefined) {
      out.push(`${pad(inner)}${prm.name},`);
    } else {
      const head = `${prm.name} ? `;
      const d =
        prec(prm.default) === LOOSEST
          ? layoutParens(prm.default, inner + head.length, inner, 1)
          : layout(prm.default, inner + head.length, inner, 1);
      pushAll(out, pad(inner) + head + d[0], d.slice(1));
      appendLast(out, ",");
    }
  }
  if (p.ellipsis) out.push(pad(inner) + "...");
  out.push(pad(ind) + "}:");
  return out;
}

function commentLines(comment: string | undefined, ind: number): string[] {
  if (comment === undefined) return [];
  assertNixText(comment, "comment");
  // A comment runs to CR or LF, so every line break starts a new `#` line.
  return comment.split(/\r\n|\r|\n/).map((l) => {
    const t = l.trimEnd();
    return pad(ind) + (t === "" ? "#" : `# ${t}`);
  });
}

function entriesLines(entries: readonly Entry[], ind: number): string[] {
  const out: string[] = [];
  for (const en of entries) {
    pushAll(out, commentLines(en.comment, ind));
    if (en.kind === "binding") {
      const key = bindingKey(en.path);
      const c = ind + key.length + 3;
      const f = flat(en.value);
      if (f !== null && c + f.length + 1 <= WIDTH) {
        out.push(`${pad(ind)}${key} = ${f};`);
      } else if (willHug(en.value, c)) {
        const l = layout(en.value, c, ind, 1);
        pushAll(out, `${pad(ind)}${key} = ${l[0]}`, l.slice(1));
        appendLast(out, ";");
      } else {
        // nixfmt style for long non-bracketed values: break after `=` and indent.
        const l = layout(en.value, ind + INDENT, ind + INDENT, 1);
        pushAll(out, `${pad(ind)}${key} =`, pad(ind + INDENT) + l[0], l.slice(1));
        appendLast(out, ";");
      }
    } else {
      const names = inheritNames(en);
      const fromFlat = en.from === undefined ? "" : flat(en.from);
      if (fromFlat !== null) {
        const line = `${inheritHead(en, fromFlat)} ${names.join(" ")};`;
        if (ind + line.length <= WIDTH) {
          out.push(pad(ind) + line);
          continue;
        }
      }
      let head: string[];
      if (en.from === undefined) head = ["inherit"];
      else if (fromFlat !== null && ind + fromFlat.length + 10 <= WIDTH) {
        head = [`inherit (${fromFlat})`];
      } else {
        head = joinLines(["inherit "], layoutParens(en.from, ind + 8, ind, 0));
      }
      pushAll(out, pad(ind) + head[0], head.slice(1));
      for (const n of names) out.push(pad(ind + INDENT) + n);
      out.push(pad(ind + INDENT) + ";");
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entry points

function layoutTop(e: Expr): string[] {
  // A file's top-level `{ nixvirt, ... }:` header always sits on its own line (nixfmt style).
  if (e.kind === "lambda" && typeof e.param !== "string") return broken(e, 0, 0, 0);
  return layout(e, 0, 0, 0);
}

/**
 * Nix source for `expr` (no trailing newline).
 * Example: `print(attrs({ a: int(1) }))` returns `{ a = 1; }`.
 */
export function print(expr: Expr): string {
  try {
    return layoutTop(expr).join("\n");
  } finally {
    flatMemo.clear();
  }
}

/**
 * A whole file: `# header` lines, then the expression, ending with exactly one newline.
 * Example: `printFile(file(["Generated"], nul()))` returns `"# Generated\nnull\n"`.
 */
export function printFile(f: NixFile): string {
  if (f.kind !== "file") throw new Error("printFile expects a node built with file()");
  const header = f.header.flatMap((h) => commentLines(h, 0));
  try {
    return [...header, ...layoutTop(f.expr)].join("\n") + "\n";
  } finally {
    flatMemo.clear();
  }
}
