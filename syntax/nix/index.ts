/**
 * Nix syntax tree builders and the printer: the only way this project produces Nix text.
 * Example: `print(app(id("f"), attrs({ a: int(1) })))` returns `f { a = 1; }`.
 */
export * from "./ast.js";
export { WIDTH, attrName, escapeString, print, printFile } from "./printer.js";
