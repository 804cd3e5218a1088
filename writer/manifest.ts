import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OutputError, outputError } from "./output-error.js";

/** File name of the manifest, at the top of the output folder. */
export const MANIFEST_NAME = ".homelab-gen-manifest.json";

/** Prefix of every name the writer itself creates in the output folder (manifest, staging dirs). */
export const RESERVED_PREFIX = ".homelab-gen-";

/** Version of the manifest's own format, bumped when its shape changes. */
const FORMAT_VERSION = 1;

/** What one generated file looked like when we last wrote it. */
export interface ManifestEntry {
  /** Lowercase hex sha256 of the file's UTF-8 bytes. */
  sha256: string;
}

/**
 * Record of the last successful write: which files the generator owns and their hashes.
 * Holds no timestamps so that regenerating the same topology gives byte-equal output.
 */
export interface Manifest {
  version: typeof FORMAT_VERSION;
  /** Relative POSIX path -> entry. */
  files: Record<string, ManifestEntry>;
  /** Topology file the output was generated from, as given by the caller. */
  topology?: string;
  /** Generator version string, as given by the caller. */
  generatorVersion?: string;
  /** What was generated (`nixos`, `libvirt`), so later commands regenerate the same target. */
  target?: string;
}

/** What a manifest records besides the files. */
export type ManifestOrigin = Pick<Manifest, "topology" | "generatorVersion" | "target">;

/** Lowercase hex sha256 of a string (hashed as UTF-8) or of raw bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Builds the manifest describing `files` once they are written. */
export function buildManifest(files: ReadonlyMap<string, string>, opts: ManifestOrigin = {}): Manifest {
  const entries: Record<string, ManifestEntry> = {};
  for (const [path, contents] of files) entries[path] = { sha256: sha256(contents) };
  return {
    version: FORMAT_VERSION,
    files: entries,
    ...(opts.topology === undefined ? {} : { topology: opts.topology }),
    ...(opts.generatorVersion === undefined ? {} : { generatorVersion: opts.generatorVersion }),
    ...(opts.target === undefined ? {} : { target: opts.target }),
  };
}

/** Serializes a manifest as stable JSON: keys sorted at every level, two-space indent, trailing newline. */
export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify(sortKeys(manifest), null, 2) + "\n";
}

// Rebuilds objects with keys inserted in sorted order; JSON.stringify keeps insertion order.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * Reads the manifest of `outDir`, or `undefined` when there is none (first run).
 * Throws an OutputError when it cannot be read or is malformed: guessing would risk deleting or
 * clobbering user files.
 */
export function readManifest(outDir: string): Manifest | undefined {
  const path = join(outDir, MANIFEST_NAME);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return undefined;
    throw outputError(err, path, "reading");
  }
  return parseManifest(text, path);
}

/** Parses and validates manifest text; `where` names the file in error messages. */
export function parseManifest(text: string, where: string): Manifest {
  const fail = (why: string): never => {
    throw new OutputError(
      `${where}: invalid homelab-gen manifest (${why}); delete it and generate again: files equal to the new output are adopted, any other is reported and kept unless --force`,
    );
  };
  // A merge of two branches that both regenerated: the hashes of one side are as good as a guess.
  if (/^(<{7}|={7}|>{7})( |$)/m.test(text)) return fail("unresolved merge-conflict markers");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail("not JSON");
  }
  if (!isRecord(raw)) return fail("not an object");
  if (raw.version !== FORMAT_VERSION) return fail(`unsupported version ${JSON.stringify(raw.version)}`);
  if (!isRecord(raw.files)) return fail('"files" is not an object');
  const files: Record<string, ManifestEntry> = {};
  for (const [path, entry] of Object.entries(raw.files)) {
    if (!isRecord(entry) || typeof entry.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      return fail(`bad entry for ${JSON.stringify(path)}`);
    }
    files[path] = { sha256: entry.sha256 };
  }
  for (const key of ["topology", "generatorVersion", "target"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "string") fail(`"${key}" is not a string`);
  }
  return {
    version: FORMAT_VERSION,
    files,
    ...(typeof raw.topology === "string" ? { topology: raw.topology } : {}),
    ...(typeof raw.generatorVersion === "string" ? { generatorVersion: raw.generatorVersion } : {}),
    ...(typeof raw.target === "string" ? { target: raw.target } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True when `err` is a Node system error with the given code. */
export function isErrno(err: unknown, ...codes: string[]): boolean {
  return err instanceof Error && codes.includes((err as NodeJS.ErrnoException).code ?? "");
}
