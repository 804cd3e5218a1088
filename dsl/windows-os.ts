/**
 * Windows Server releases an answer file can install.
 *
 * @example
 * const os: WindowsServerOs = "windows-server-2022";
 */
export type WindowsServerOs = "windows-server-2019" | "windows-server-2022" | "windows-server-2025";

/**
 * Windows client releases an answer file can install.
 *
 * @example
 * const os: WindowsClientOs = "windows-11";
 */
export type WindowsClientOs = "windows-10" | "windows-11";

/**
 * Which Windows a VM runs: picks the image names, the driver folders and the hardware checks.
 *
 * @example
 * myLab.windowsVm("DC01", { memory: gib(4), os: "windows-server-2025" });
 */
export type WindowsOs = WindowsServerOs | WindowsClientOs;

/**
 * A Windows Server edition: Standard or Datacenter, with the Desktop Experience or as Server Core
 * (image `Windows Server 2022 SERVERSTANDARD` or `... SERVERSTANDARDCORE`, evaluation ISOs too).
 *
 * @example
 * { os: "windows-server-2022", edition: "datacenter-core" }
 */
export type WindowsServerEdition = "standard-desktop" | "standard-core" | "datacenter-desktop" | "datacenter-core";

/**
 * A Windows client edition (image `Windows 11 Pro`, ...; `enterprise-evaluation` for the evaluation ISO).
 *
 * @example
 * { os: "windows-11", edition: "enterprise-evaluation" }
 */
export type WindowsClientEdition = "pro" | "enterprise" | "education" | "enterprise-evaluation";

/**
 * The operating system of a Windows VM and its edition; the edition must fit the release.
 *
 * @example
 * { os: "windows-server-2022", edition: "standard-desktop" }
 * { os: "windows-11", edition: "pro" }
 */
export type WindowsOsChoice =
  | { readonly os: WindowsServerOs; readonly edition?: WindowsServerEdition }
  | { readonly os: WindowsClientOs; readonly edition?: WindowsClientEdition }
  | { readonly os?: undefined; readonly edition?: undefined };
