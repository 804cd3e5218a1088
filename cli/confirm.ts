import { createInterface } from "node:readline/promises";

/** Whether a person can answer a question: stdin and stderr are both a terminal. */
export const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** Asks a yes/no question on the terminal; only `y` or `yes` is yes, and Ctrl-C is no. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const cancelled = new Promise<string>((resolve) => rl.once("SIGINT", () => resolve("")));
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), cancelled]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
