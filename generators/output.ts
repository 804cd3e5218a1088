/** What a generator returns: relative POSIX path -> file contents. Pure data, no I/O. */
export type GeneratedFiles = Map<string, string>;

/** Code-point order of paths and file names: stable across locales, so output is deterministic. */
export const comparePaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Merge the outputs of several generators; two generators writing one path is a bug. */
export function mergeFiles(...parts: GeneratedFiles[]): GeneratedFiles {
  const all: GeneratedFiles = new Map();
  for (const part of parts) {
    for (const [path, contents] of part) {
      if (all.has(path)) throw new Error(`two generators produce ${path}`);
      all.set(path, contents);
    }
  }
  return new Map([...all].sort(([a], [b]) => comparePaths(a, b)));
}
