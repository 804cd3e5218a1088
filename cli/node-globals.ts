/**
 * Declarations of the Node.js APIs a topology may use (`process.env`, `console`, `node:fs`,
 * `node:path`, `__dirname`), for `check`'s type check. A small file of our own instead of
 * `@types/node`: a consumer repository need not install it, and parsing it on every check took
 * most of check's time. What a topology uses beyond this is a type error pointing at its line.
 */
export const NODE_GLOBALS = `
declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
declare var process: {
  readonly env: Record<string, string | undefined>;
  readonly argv: string[];
  readonly platform: string;
  cwd(): string;
};
declare var __dirname: string;
declare var __filename: string;
declare module "node:fs" {
  interface Stats { isFile(): boolean; isDirectory(): boolean; readonly size: number; readonly mtimeMs: number }
  export function readFileSync(path: string, encoding: "utf8" | "utf-8" | { encoding: "utf8" | "utf-8" }): string;
  export function readFileSync(path: string): Uint8Array;
  export function existsSync(path: string): boolean;
  export function readdirSync(path: string): string[];
  export function statSync(path: string): Stats;
}
declare module "fs" { export * from "node:fs"; }
declare module "node:path" {
  export const sep: string;
  export function join(...paths: string[]): string;
  export function resolve(...paths: string[]): string;
  export function dirname(path: string): string;
  export function basename(path: string, suffix?: string): string;
  export function extname(path: string): string;
  export function relative(from: string, to: string): string;
  export function isAbsolute(path: string): boolean;
}
declare module "path" { export * from "node:path"; }
`;
