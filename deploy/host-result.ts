/** How one host's deploy ended. */
export interface HostResult {
  readonly host: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** The host's own log: everything its engine printed about it. */
  readonly log: string;
  /** Why it failed, in a line (the log has the rest). */
  readonly reason?: string;
}

/** `12.3s`, `4m05s`. */
export const formatDuration = (ms: number): string => {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
};

/** The summary table: host, result, duration, log file; failures name their reason below. */
export function summaryTable(results: readonly HostResult[]): string {
  const rows = [["host", "result", "duration", "log"], ...results.map((r) => [r.host, r.ok ? "ok" : "FAILED", formatDuration(r.durationMs), r.log])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "));
  const reasons = results.filter((r) => !r.ok && r.reason !== undefined).map((r) => `${r.host}: ${r.reason}`);
  return [...lines, ...(reasons.length > 0 ? ["", ...reasons] : [])].join("\n");
}
