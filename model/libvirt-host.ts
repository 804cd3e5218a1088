import { posix } from "node:path";
import * as z from "./zod.js";
import { hostPath } from "./common.js";

/**
 * Host paths that only the plain-libvirt target (`--target libvirt`, hosts without Nix) needs:
 * NixVirt takes UEFI firmware and the virtio-win ISO from nixpkgs, a Debian or Fedora host has
 * them at distribution-specific places.
 */
export interface LibvirtHostPaths {
  /** Which distribution's defaults were used; Ubuntu uses Debian's layout. */
  readonly distro: "debian" | "fedora";
  /** UEFI firmware code with Secure Boot (needs SMM), read-only. */
  readonly ovmfCode: string;
  /** UEFI variable store template with Microsoft's keys enrolled; copied per VM to its NVRAM file. */
  readonly ovmfVars: string;
  /** The virtio-win driver ISO attached to Windows VMs. */
  readonly virtioIso: string;
}

/**
 * Defaults per distribution, checked against the packages' file lists:
 * - Debian/Ubuntu `ovmf` (bookworm 2022.11-6+deb12u2, also in trixie): `OVMF_CODE_4M.ms.fd` (a
 *   symlink to the SMM-requiring `OVMF_CODE_4M.secboot.fd`) with `OVMF_VARS_4M.ms.fd` (Secure
 *   Boot on, Microsoft keys enrolled): the pair its firmware descriptor
 *   `40-edk2-x86_64-secure-enrolled.json` names. Debian has no virtio-win package: the ISO is
 *   downloaded by hand, so it is looked for next to the install ISOs (`<isoDir>/virtio-win.iso`).
 * - Fedora `edk2-ovmf`: `/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd` with `OVMF_VARS.secboot.fd`
 *   (Secure Boot on, keys enrolled); the `virtio-win` RPM from the virtio-win repository installs
 *   `/usr/share/virtio-win/virtio-win.iso` (a symlink to the versioned ISO).
 */
export function defaultLibvirtPaths(distro: "debian" | "fedora", isoDir: string): LibvirtHostPaths {
  return distro === "fedora"
    ? {
        distro,
        ovmfCode: "/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd",
        ovmfVars: "/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd",
        virtioIso: "/usr/share/virtio-win/virtio-win.iso",
      }
    : {
        distro,
        ovmfCode: "/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
        ovmfVars: "/usr/share/OVMF/OVMF_VARS_4M.ms.fd",
        virtioIso: posix.join(isoDir, "virtio-win.iso"),
      };
}

/** What the DSL hands over in `lab(name, { libvirt: ... })`. */
export const libvirtInput = z._default(
  z.strictObject({
    distro: z._default(z.enum(["debian", "fedora"], { message: 'distro must be "debian" (also Ubuntu) or "fedora"' }), "debian"),
    ovmfCode: z.optional(hostPath),
    ovmfVars: z.optional(hostPath),
    virtioIso: z.optional(hostPath),
  }),
  { distro: "debian" },
);

/** The lab's libvirt host paths: the given ones over the distribution's defaults. */
export function normalizeLibvirtPaths(input: z.output<typeof libvirtInput>, isoDir: string): LibvirtHostPaths {
  const defaults = defaultLibvirtPaths(input.distro, isoDir);
  return {
    distro: input.distro,
    ovmfCode: input.ovmfCode ?? defaults.ovmfCode,
    ovmfVars: input.ovmfVars ?? defaults.ovmfVars,
    virtioIso: input.virtioIso ?? defaults.virtioIso,
  };
}
