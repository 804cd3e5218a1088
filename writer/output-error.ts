/**
 * The output folder cannot be read or written as it stands: `--out` is a file, a permission or
 * space problem, a corrupt manifest. Expected, so the CLI prints the message alone; nothing was written.
 */
export class OutputError extends Error {
  override name = "OutputError";
}

// What the file system said, in words a user acts on.
const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  EEXIST: "something is already there",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "name too long",
  EIO: "input/output error",
};

/**
 * An `OutputError` for a failed file-system call at `path`, or `error` itself when it is not a
 * system error (a bug should still show its stack).
 */
export function outputError(error: unknown, path: string, doing: string): unknown {
  if (error instanceof OutputError) return error;
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === undefined) return error;
  return new OutputError(`${doing} ${path} failed: ${REASONS[code] ?? code}`, { cause: error });
}
