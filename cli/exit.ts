/** Process exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /**
   * The topology is invalid, failed to load, or output would clobber hand edits; nothing was written.
   * `check`: a type error, a problem, or a stale generated folder.
   */
  invalid: 1,
  /** Wrong command-line usage. */
  usage: 2,
  /** A tool homelab-gen runs (nix, nixos-rebuild, virsh, podman/docker) is missing, too old, or failed. */
  tool: 3,
  /** `switch` would make NixVirt delete libvirt objects and was not confirmed (`--yes`). */
  refused: 4,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;
