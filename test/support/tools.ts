/**
 * Every program the tests run, with the Debian package that provides it: the one list `npm test`
 * checks before any test starts (test/support/preflight.ts). A test needing a new tool adds a line
 * here (and its package to the apt-get line of .ci/run, which a test keeps in step).
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface Tool {
  /** The command, looked up on PATH, or an absolute path. */
  readonly command: string;
  /** The Debian package that installs it. */
  readonly debian: string;
}

export const TOOLS: readonly Tool[] = [
  { command: "nix-instantiate", debian: "nix-bin" },
  { command: "nix", debian: "nix-bin" },
  { command: "virsh", debian: "libvirt-clients" },
  { command: "virt-xml-validate", debian: "libvirt-clients" },
  { command: "xmllint", debian: "libxml2-utils" },
  { command: "systemd-analyze", debian: "systemd" },
  { command: "shellcheck", debian: "shellcheck" },
  { command: "/bin/busybox", debian: "busybox-static" },
  { command: "git", debian: "git" },
  { command: "unshare", debian: "util-linux" },
  { command: "setpriv", debian: "util-linux" },
  { command: "xorriso", debian: "xorriso" },
  { command: "7z", debian: "p7zip-full" },
  { command: "genisoimage", debian: "genisoimage" },
  { command: "cloud-init", debian: "cloud-init" },
  { command: "chromium", debian: "chromium" },
  // What .ci/install-quadlet.sh needs to fetch quadlet (test/support/preflight.ts runs it).
  { command: "dpkg-deb", debian: "dpkg" },
  { command: "/usr/share/keyrings/debian-archive-keyring.gpg", debian: "debian-archive-keyring" },
];

/** Whether `command` is an executable file on PATH (or, given as a path, a file that exists). */
export function found(command: string, path = process.env.PATH ?? ""): boolean {
  const candidates = command.startsWith("/") ? [command] : path.split(delimiter).filter(Boolean).map((d) => join(d, command));
  return candidates.some((p) => {
    try {
      if (!p.endsWith(".gpg")) accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

/** The tools of {@link TOOLS} that are missing. */
export const missingTools = (path?: string): Tool[] => TOOLS.filter((t) => !found(t.command, path));

/** The one command that installs `tools` on Debian. */
export const installCommand = (tools: readonly Tool[]): string =>
  `sudo apt-get install -y --no-install-recommends ${[...new Set(tools.map((t) => t.debian))].sort().join(" ")}`;
