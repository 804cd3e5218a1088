import type { ActiveDirectory } from "./active-directory.js";
import type { Network } from "./network.js";
import type { Secret } from "./secret.js";

/**
 * Settings of every unattended Windows install, whatever its domain role.
 *
 * @example
 * { locale: "de-DE", timeZone: "W. Europe Standard Time", winrm: { from: [labNet] }, firstLogon: "Set-ItemProperty ..." }
 */
export interface UnattendedCommon {
  /** Language of Setup and of Windows' interface: one the ISO has (`en-US` on English media). Default `en-US`. */
  readonly language?: string;
  /** System and user locale: formats, code page (`de-DE`, ...). Default `language`. */
  readonly locale?: string;
  /** Keyboard layout as an input locale (`de-DE`, `0407:00000407`); default `locale`. */
  readonly keyboard?: string;
  /** Windows time zone ID as `tzutil /l` prints it (`UTC`, `W. Europe Standard Time`). Default `UTC`. */
  readonly timeZone?: string;
  /**
   * Product key. Omit it for evaluation media (a key there makes Setup fail) and to choose the
   * image by name only.
   */
  readonly productKey?: string;
  /** Image name inside the ISO's install.wim, when the edition's usual name does not fit the ISO. */
  readonly imageName?: string;
  /**
   * Remote management: WinRM over HTTP (5985) is enabled at first logon and the firewall lets in the
   * subnets of these networks. Default: the networks of all the VM's NICs; `false` leaves WinRM off.
   */
  readonly winrm?: false | { readonly from: readonly Network[] };
  /** PowerShell source run once at first logon, after networking and WinRM and before any domain step. */
  readonly firstLogon?: string;
  /**
   * Setup's lab bypass (`HKLM\SYSTEM\Setup\LabConfig`: `BypassTPMCheck`, `BypassSecureBootCheck`,
   * `BypassRAMCheck`, not documented by Microsoft): lets Windows 11 install below its 4 GiB minimum.
   * Without it such a VM is an error.
   */
  readonly bypassHardwareChecks?: boolean;
}

/**
 * How a Windows VM installs itself: exactly one of `domainController` (the VM creates the forest),
 * `joinDomain` (it joins once the controller answers) or neither (a standalone machine, which then
 * needs `adminPassword`).
 *
 * @example
 * { domainController: domain, timeZone: "W. Europe Standard Time" }
 * { joinDomain: domain, locale: "en-US", bypassHardwareChecks: true }
 * { adminPassword: opRead("op://Lab/win-admin/password") }
 */
export type UnattendedWindows = UnattendedCommon &
  (
    | {
        /** This VM becomes the domain's first controller: AD DS and DNS are installed and the forest created at first logon. */
        readonly domainController: ActiveDirectory;
        readonly joinDomain?: undefined;
        /** A controller's local administrator becomes the domain administrator: its password is the domain's. */
        readonly adminPassword?: undefined;
      }
    | {
        /** Joins this domain at first logon, retrying until the controller answers. */
        readonly joinDomain: ActiveDirectory;
        readonly domainController?: undefined;
        /** Local administrator password; default the domain administrator's. */
        readonly adminPassword?: Secret;
      }
    | {
        readonly domainController?: undefined;
        readonly joinDomain?: undefined;
        /** Local administrator password. */
        readonly adminPassword: Secret;
      }
  );
