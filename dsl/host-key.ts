/**
 * A secret file a host needs (an API token, an env file of credentials), uploaded by the deploy
 * engine at deploy time and never written into the Nix store or the generated folder: only the
 * command or the local path that produces it is. Give exactly one of `command` and `file`.
 *
 * @example
 * myLab.host("box", {
 *   keys: {
 *     "op-alice.env": { command: ["op", "inject", "--in-file", "secrets/op-alice.env.tpl"], user: "alice" },
 *   },
 * });
 */
export interface HostKey {
  /** Run on the deploying machine, without a shell; its standard output is the file's content. */
  readonly command?: readonly string[];
  /** An absolute path of a file on the deploying machine, read at deploy time. */
  readonly file?: string;
  /** Folder on the host; default `/run/keys` (a tmpfs: gone at reboot, uploaded again by the next deploy). */
  readonly destDir?: string;
  /** Owner of the file on the host; default `root`. */
  readonly user?: string;
  /** Group of the file on the host; default `root`. */
  readonly group?: string;
  /** Octal mode; default `"0600"`. */
  readonly permissions?: string;
  /** Upload before (default) or after the new configuration is activated. */
  readonly uploadAt?: "pre-activation" | "post-activation";
}
