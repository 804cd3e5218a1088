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
  process.on("SIGINT", hold);
  process.on("SIGTERM", hold);
  try {
    const result = work();
    // A signal reaches JavaScript through the event loop: one turn delivers any sent during `work`.
    await new Promise((resolve) => setImmediate(resolve));
    if (caught) throw new Failure(`interrupted: ${what} was completed first`, EXIT.interrupted);
    return result;
  } finally {
    process.off("SIGINT", hold);
    process.off("SIGTERM", hold);
  }
}
