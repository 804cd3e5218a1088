import type { MediaCheck } from "../realize/install-media.js";

/** The check as text lines; nothing when every ISO is there. */
export function describeMedia(check: MediaCheck): string[] {
  if (!check.checked) return [`install ISOs on ${check.host}: not checked: ${check.reason}`];
  if (check.missing.length === 0) return [];
  return [
    `install ISOs missing on ${check.host} (libvirt will not start these VMs until the file is there):`,
    ...check.missing.map((m) => `  ${m.path}: ${m.vms.join(", ")}`),
  ];
}
