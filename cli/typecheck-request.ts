// What `check` passes to the processes of its type-check snapshot (typecheck-snapshot.ts). A
// snapshot's own arguments are Node's, so each request travels in the environment, as JSON.

/** To the process that builds the snapshot: what to load. */
export interface SnapshotBuild {
  /** typescript.js, as homelab-gen resolves it. */
  readonly typescript: string;
  /** homelab-gen's package folder: `homelab-gen` imports resolve to its dist/dsl declarations. */
  readonly packageRoot: string;
}

/** To a process started from the snapshot: what to check. */
export interface SnapshotCheck {
  readonly file: string;
  readonly cwd: string;
}

/** The environment variable that carries a {@link SnapshotBuild} or a {@link SnapshotCheck}. */
export const SNAPSHOT_REQUEST = "HOMELAB_GEN_TYPECHECK";
