import type { Secret } from "./secret.js";

/**
 * A user cloud-init creates.
 *
 * @example
 * { name: "ops", sudo: true, groups: ["adm"], sshKeys: ["ssh-ed25519 AAAA... ops@laptop"], passwordHash: secretFromFile("/etc/lab/ops.hash") }
 */
export interface CloudInitUser {
  /** Login name. */
  readonly name: string;
  /** SSH public keys (`ssh-ed25519 AAAA... comment`), put in `~/.ssh/authorized_keys`. */
  readonly sshKeys?: readonly string[];
  /** Passwordless sudo (`ALL=(ALL) NOPASSWD:ALL`). Default `false`. */
  readonly sudo?: boolean;
  /** Supplementary groups. */
  readonly groups?: readonly string[];
  /** Login shell, e.g. `/bin/bash`. */
  readonly shell?: string;
  /**
   * A crypt(3) password hash (`mkpasswd -m sha-512`) from a secret, read on the host when the seed
   * is assembled. Without it the password is locked (SSH keys only).
   */
  readonly passwordHash?: Secret;
}

/**
 * A file cloud-init writes on first boot.
 *
 * @example
 * { path: "/etc/motd", content: "lab web server\n", permissions: "0644" }
 */
export interface CloudInitFile {
  /** Absolute path in the guest. */
  readonly path: string;
  /** File content. */
  readonly content: string;
  /** Octal mode as a string, e.g. `"0644"`. */
  readonly permissions?: string;
  /** `user:group`. */
  readonly owner?: string;
}

/**
 * A cloud-init NoCloud seed for a Linux VM: a `cidata` ISO with user-data, meta-data and a
 * network-config built from the VM's NICs (static addresses matched by MAC, DHCP otherwise).
 *
 * @example
 * cloudInit: { users: [{ name: "ops", sudo: true, sshKeys: ["ssh-ed25519 AAAA... ops@laptop"] }], packages: ["nginx"] }
 */
export interface CloudInit {
  /** Host name; default the VM's name. */
  readonly hostname?: string;
  /** Users to create (the image's default user is not kept). */
  readonly users?: readonly CloudInitUser[];
  /** Packages to install on first boot. */
  readonly packages?: readonly string[];
  /** Upgrade the installed packages on first boot. Default `false`. */
  readonly packageUpgrade?: boolean;
  /** Commands run once, at the end of first boot: a string runs in `sh`, a list is run as is. */
  readonly runcmd?: readonly (string | readonly string[])[];
  /** Files written on first boot. */
  readonly writeFiles?: readonly CloudInitFile[];
  /** DNS servers of the static NICs; default the gateway of each NIC's network. */
  readonly nameservers?: readonly string[];
  /**
   * cloud-init's instance ID: a new one makes cloud-init provision again on the next boot.
   * Default `iid-<VM uuid>`.
   */
  readonly instanceId?: string;
}
