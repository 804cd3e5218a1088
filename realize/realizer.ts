import type { LogFile } from "./log-file.js";
import type { ProgressView } from "./progress-view.js";

/** What every step that runs a tool needs: the environment tools run in, the full log, the screen. */
export interface Realizer {
  readonly env: NodeJS.ProcessEnv;
  readonly log: LogFile;
  readonly view: ProgressView;
}
