import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { problem, type Diagnostic } from "../model/diagnostic.js";
import type { Model } from "../model/model.js";

/** Whether `path` names a regular file. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A host module that is not a file, at the host's line: found by generate and check, not first by
 * Nix inside its store. (Reading the disk, so beside the model's pure checks rather than among them.)
 */
export const missingHostModules = (model: Model): Diagnostic[] =>
  model.hosts.flatMap((host) =>
    host.modules
      .filter((m) => !isFile(resolve(model.topologyDir, m)))
      .map((m) => problem("host", host, `module ${m} does not exist (no file ${relative(process.cwd(), resolve(model.topologyDir, m)) || m})`)),
  );
