import type { WindowsOs } from "../../model/unattended.js";

const SERVER_YEAR: Partial<Record<WindowsOs, string>> = {
  "windows-server-2019": "2019",
  "windows-server-2022": "2022",
  "windows-server-2025": "2025",
};

const CLIENT_NAME: Record<string, string> = {
  pro: "Pro",
  enterprise: "Enterprise",
  education: "Education",
  "enterprise-evaluation": "Enterprise Evaluation",
};

/**
 * The image name in install.wim (`/IMAGE/NAME`): `Windows Server 2022 SERVERSTANDARD` (Desktop
 * Experience), `... SERVERSTANDARDCORE` (Server Core), likewise DATACENTER, on retail and
 * evaluation media; `Windows 11 Pro`, `Windows 11 Enterprise Evaluation`.
 *
 * @example
 * imageName("windows-server-2022", "standard-desktop") // "Windows Server 2022 SERVERSTANDARD"
 */
export function imageName(os: WindowsOs, edition: string): string {
  const year = SERVER_YEAR[os];
  if (year !== undefined) {
    const [kind, experience] = edition.split("-");
    return `Windows Server ${year} SERVER${kind!.toUpperCase()}${experience === "core" ? "CORE" : ""}`;
  }
  return `Windows ${os === "windows-10" ? "10" : "11"} ${CLIENT_NAME[edition] ?? edition}`;
}

/** virtio-win's folder for a release (`viostor\w11\amd64`, `NetKVM\2k22\amd64`). */
export const virtioOsDir = (os: WindowsOs): string =>
  ({ "windows-10": "w10", "windows-11": "w11", "windows-server-2019": "2k19", "windows-server-2022": "2k22", "windows-server-2025": "2k25" })[os];
