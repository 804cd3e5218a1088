/**
 * Nix's `--log-format internal-json`: every log line on stderr is `@nix ` followed by one JSON object.
 * Other lines (nixos-rebuild's own messages, activation output) are plain text.
 */

/** Activity types (`start.type`) this tool reads. */
export const ACTIVITY = {
  copyPaths: 103,
  builds: 104,
  build: 105,
} as const;

/** Result types (`result.type`) this tool reads. */
export const RESULT = {
  buildLogLine: 101,
  setPhase: 104,
  progress: 105,
} as const;

/** Message levels (`msg.level`): lower is more severe. */
export const LEVEL = { error: 0, warn: 1 } as const;

/** One decoded `@nix` line. */
export type NixEvent =
  | { readonly action: "start"; readonly id: number; readonly type: number; readonly text: string; readonly fields: readonly unknown[] }
  | { readonly action: "stop"; readonly id: number }
  | { readonly action: "result"; readonly id: number; readonly type: number; readonly fields: readonly unknown[] }
  | { readonly action: "msg"; readonly level: number; readonly msg: string };

const PREFIX = "@nix ";

/**
 * Decode one stderr line; undefined for a plain line (or a malformed one, shown as text rather than lost).
 *
 * @example
 * parseNixLine('@nix {"action":"stop","id":7}') // { action: "stop", id: 7 }
 */
export function parseNixLine(line: string): NixEvent | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(PREFIX.length));
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== "object") return undefined;
  const o = raw as Record<string, unknown>;
  const id = typeof o.id === "number" ? o.id : -1;
  const fields = Array.isArray(o.fields) ? (o.fields as unknown[]) : [];
  switch (o.action) {
    case "start":
      return { action: "start", id, type: Number(o.type ?? 0), text: typeof o.text === "string" ? o.text : "", fields };
    case "stop":
      return { action: "stop", id };
    case "result":
      return { action: "result", id, type: Number(o.type ?? 0), fields };
    case "msg":
      return { action: "msg", level: Number(o.level ?? 0), msg: stripAnsi(typeof o.msg === "string" ? o.msg : "") };
    default:
      return undefined;
  }
}

/** Removes terminal colour codes, which Nix puts into error messages even in JSON. */
export const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

/** `/nix/store/<hash>-hello-1.0.drv` -> `hello-1.0`. */
export function derivationName(drvPath: string): string {
  const base = drvPath.slice(drvPath.lastIndexOf("/") + 1).replace(/\.drv$/, "");
  return /^[0-9a-z]{32}-/.test(base) ? base.slice(33) : base;
}
