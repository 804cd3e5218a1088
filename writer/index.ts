/** Writes generated files into the output folder atomically, tracked by a manifest. */
export { MANIFEST_NAME, readManifest, type Manifest, type ManifestEntry } from "./manifest.js";
export { OutputError } from "./output-error.js";
export { foreignOutput } from "./ownership.js";
export { diffPlan, planWrite, type Conflict, type WritePlan } from "./plan.js";
export { WriteConflictError, writeOutput, type WriteOptions } from "./write.js";
export { writeTextFileAtomic } from "./atomic-file.js";
