/** What a generator returns: relative POSIX path -> file contents. Pure data, no I/O. */
export type GeneratedFiles = Map<string, string>;

/** Merge the outputs of several generators; two generators writing one path is a bug. */
export function mergeFiles(...parts: GeneratedFiles[]): GeneratedFiles {
  const all: GeneratedFiles = new Map();
  for (const part of parts) {
    for (const [path, contents] of part) {
      if (all.has(path)) throw new Error(`two generators produce ${path}`);
      all.set(path, contents);
    }
  }
  return new Map([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
