import { Failure } from "../realize/failure.js";
import { EXIT } from "./exit.js";

/**
 * Runs the synchronous `work` with Ctrl-C and SIGTERM held back, so a signal never stops it half
 * done (the writer's rename phase); a signal that came meanwhile then ends the command with exit
 * 130, after the work is complete.
 *
 * @example
 * const plan = await uninterrupted("writing generated/sccm", () => writeOutput(dir, files));
 */
export async function uninterrupted<T>(what: string, work: () => T): Promise<T> {
  let caught = false;
  const hold = (): void => {
    caught = true;
  };
  const turn = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));
  process.on("SIGINT", hold);
  process.on("SIGTERM", hold);
  try {
    // Signals reach JavaScript through the event loop: a new listener's watcher is polled from the
    // next turn on, and a signal sent during `work` is delivered on the turn after it.
    await turn();
    const result = work();
    await turn();
    if (caught) throw new Failure(`interrupted: ${what} was completed first`, EXIT.interrupted);
    return result;
  } finally {
    process.off("SIGINT", hold);
    process.off("SIGTERM", hold);
  }
}
