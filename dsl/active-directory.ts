import { Resource } from "./resource.js";
import type { Secret } from "./secret.js";

/**
 * Options of an Active Directory domain (a new forest with one domain).
 *
 * @example
 * { netbios: "LAB", adminPassword: secretFromFile("/etc/homelab-gen/domain-admin"), safeModePassword: opRead("op://Lab/dsrm/password") }
 */
export interface ActiveDirectoryProps {
  /** NetBIOS (pre-Windows 2000) domain name, at most 15 characters; default: the first DNS label in upper case. */
  readonly netbios?: string;
  /**
   * Password of the domain's `Administrator`: the controller's local administrator before it is
   * promoted, and the account members join with. Read on the host when the install media are
   * assembled; never written into generated files or the Nix store.
   */
  readonly adminPassword: Secret;
  /** Directory Services Restore Mode password of the controller; default `adminPassword`. */
  readonly safeModePassword?: Secret;
}

/**
 * An Active Directory forest created by an unattended install. Create it with
 * `lab.activeDirectory(...)`; give the handle to one VM as `unattended.domainController` and to
 * others as `unattended.joinDomain`.
 *
 * @example
 * const domain = sccm.activeDirectory("lab.local", {
 *   netbios: "LAB",
 *   adminPassword: opRead("op://Lab/domain-admin/password", { tokenFile: "/etc/homelab-gen/op.env" }),
 * });
 */
export class ActiveDirectory extends Resource<"active-directory"> {
  /** @internal Use `lab.activeDirectory(...)`. */
  constructor(
    name: string,
    readonly props: ActiveDirectoryProps,
  ) {
    super("active-directory", name);
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.props };
  }
}
