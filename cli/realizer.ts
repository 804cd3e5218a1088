import { logFile } from "../realize/log-file.js";
import { progressView } from "../realize/progress-view.js";
import type { Realizer } from "../realize/realizer.js";

/**
 * Tools run with this process's environment; progress goes to stderr (a live line on a terminal,
 * plain lines otherwise) and the full output to a log file named after the command.
 */
export const terminalRealizer = (command: string): Realizer => ({
  env: process.env,
  log: logFile(command),
  view: progressView(process.stderr),
});
