import { homedir } from "node:os";
import { join } from "node:path";

/**
 * homelab-gen's cache folder: `$XDG_CACHE_HOME/homelab-gen`, or `~/.cache/homelab-gen`. Outside
 * any work tree; what is kept there only makes commands faster and is rebuilt when missing.
 */
export const cacheDir = (): string => join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "homelab-gen");
