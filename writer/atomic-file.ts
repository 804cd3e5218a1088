import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Write one file atomically: a temporary file next to it, then a rename (same folder, so same file
 * system). Readers see the old file or the new one, never a part.
 *
 * @example
 * writeTextFileAtomic("lab.ts", source)
 */
export function writeTextFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
