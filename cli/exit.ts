/** Process exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** The topology is invalid, failed to load, or output would clobber hand edits; nothing was written. */
  invalid: 1,
  /** Wrong command-line usage. */
  usage: 2,
  /** A tool homelab-gen runs (nix, nixos-rebuild, virsh) is missing or failed. */
  tool: 3,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;
