/**
 * The PATH of services homelab-gen writes that run host commands (secret commands, image loads,
 * jobs). systemd gives units it did not define only /usr and /bin directories; NixOS keeps
 * programs under /run/current-system/sw/bin (and setuid wrappers such as newuidmap, which rootless
 * podman needs, under /run/wrappers/bin). Elsewhere those entries do not exist and are skipped.
 */
export const SERVICE_PATH = "/run/wrappers/bin:/run/current-system/sw/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
