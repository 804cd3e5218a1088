/**
 * A Nix-built image reaches podman as a docker-archive file whose path is only known once it is
 * built (a store path on NixOS, a copied file elsewhere). Committed units hold this placeholder
 * instead; the NixOS module replaces it with the store path (`builtins.replaceStrings`) and
 * install.sh with the installed archive's path.
 *
 * @example
 * archivePlaceholder("devcontainer"); // "@HOMELAB_GEN_ARCHIVE_devcontainer@"
 */
export const archivePlaceholder = (image: string): string => `@HOMELAB_GEN_ARCHIVE_${image}@`;
