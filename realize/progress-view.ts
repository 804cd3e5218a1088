/** Where progress goes: lines that stay, and (on a terminal) one status line rewritten in place. */
export interface ProgressView {
  /** Print a line that stays. */
  line(text: string): void;
  /** Show the current status; ignored when not on a terminal. */
  status(text: string): void;
  /** Remove the status line (before printing results or errors). */
  clear(): void;
}

/** The part of a stream a view writes to (process.stderr, or a fake in tests). */
export interface ViewStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Redrawing more often than this only costs terminal time; nobody reads faster. */
const REDRAW_MS = 80;
const CLEAR_LINE = "\r\u001b[K";

/**
 * A view on `stream`: a live, rewritten status line when it is a terminal, plain lines otherwise
 * (logs, CI, tests), so piped output never carries control codes.
 */
export function progressView(stream: ViewStream, now: () => number = Date.now): ProgressView {
  if (!stream.isTTY) {
    return { line: (text) => stream.write(`${text}\n`), status: () => undefined, clear: () => undefined };
  }
  let shown = "";
  let drawnAt = -Infinity;
  let pending: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = (text: string): void => {
    // A pseudo-terminal may report 0 columns: treat that as unknown.
    const width = Math.max(10, (stream.columns || 80) - 1);
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    stream.write(`${CLEAR_LINE}${fitted}`);
    shown = text;
    drawnAt = now();
  };
  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return {
    line(text) {
      const restore = pending ?? shown;
      cancel();
      stream.write(`${shown === "" ? "" : CLEAR_LINE}${text}\n`);
      if (restore !== "") draw(restore);
    },
    status(text) {
      if (text === "") return this.clear();
      if (now() - drawnAt >= REDRAW_MS) {
        cancel();
        if (text !== shown) draw(text);
        return;
      }
      // Too soon: draw the newest text when the interval ends, so a quiet phase never shows a stale line.
      pending = text;
      timer ??= setTimeout(() => {
        const next = pending;
        timer = undefined;
        pending = undefined;
        if (next !== undefined && next !== shown) draw(next);
      }, REDRAW_MS).unref();
    },
    clear() {
      cancel();
      if (shown !== "") stream.write(CLEAR_LINE);
      shown = "";
    },
  };
}
