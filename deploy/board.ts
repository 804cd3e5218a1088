import type { ViewStream } from "../realize/progress-view.js";

/** One live line per host while a deploy runs. */
export interface HostBoard {
  /** The newest state of `host` (the last line its engine printed). */
  update(host: string, text: string): void;
  /** Stop redrawing; the lines stay as they were last drawn. */
  close(): void;
}

const REDRAW_MS = 100;

/** A terminal also says how many lines it shows. */
export interface BoardStream extends ViewStream {
  readonly rows?: number;
}

/**
 * On a terminal, a block of one line per host rewritten in place (cursor up, clear, redraw);
 * otherwise, or when the block would not fit on the screen (cursor movement stops at its top),
 * `host | text` lines as states change, so logs and CI read the same story.
 */
export function hostBoard(stream: BoardStream, hosts: readonly string[], now: () => number = Date.now): HostBoard {
  const width = Math.max(...hosts.map((h) => h.length));
  const label = (h: string) => h.padStart(width);
  if (!stream.isTTY || hosts.length >= (stream.rows || Infinity)) {
    const last = new Map<string, string>();
    return {
      update(host, text) {
        if (last.get(host) === text) return;
        last.set(host, text);
        stream.write(`${label(host)} | ${text}\n`);
      },
      close: () => undefined,
    };
  }
  const state = new Map(hosts.map((h) => [h, "waiting"]));
  let drawn = false;
  let drawnAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = (): void => {
    const columns = Math.max(20, (stream.columns || 80) - 1);
    const lines = hosts.map((h) => {
      const line = `${label(h)} | ${state.get(h)}`;
      return line.length > columns ? `${line.slice(0, columns - 1)}…` : line;
    });
    stream.write(`${drawn ? `\u001b[${hosts.length}F` : ""}${lines.map((l) => `\u001b[2K${l}\n`).join("")}`);
    drawn = true;
    drawnAt = now();
  };
  draw();
  return {
    update(host, text) {
      state.set(host, text);
      if (now() - drawnAt >= REDRAW_MS) return draw();
      timer ??= setTimeout(() => {
        timer = undefined;
        draw();
      }, REDRAW_MS).unref();
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      draw();
    },
  };
}
