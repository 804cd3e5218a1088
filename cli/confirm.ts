import { createInterface } from "node:readline/promises";
import { Interrupted } from "../realize/failure.js";

/** Whether a person can answer a question: stdin and stderr are both a terminal. */
export const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** Asks a yes/no question on the terminal; only `y` or `yes` is yes. Ctrl-C stops the command (`what`). */
export async function confirm(question: string, what: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const interrupted = new Promise<never>((_, reject) => rl.once("SIGINT", () => reject(new Interrupted(what))));
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), interrupted]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
