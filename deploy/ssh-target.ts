import type { ModelHost } from "../model/host.js";

/** The SSH login a deploy uses for a host: its `targetHost`, by default the host's name as root (Colmena's and deploy-rs's default here). */
export const sshLogin = (host: ModelHost): { user: string; address: string; port?: number } => ({
  user: host.targetHost?.user ?? "root",
  address: host.targetHost?.address ?? host.name,
  ...(host.targetHost?.port !== undefined && { port: host.targetHost.port }),
});

/** `user@address` as ssh and nixos-rebuild's `--target-host` take it (the port goes separately). */
export const sshDestination = (host: ModelHost): string => {
  const t = sshLogin(host);
  return `${t.user}@${t.address}`;
};

/** ssh options selecting the port, when the topology gives one. */
export const sshPortArgs = (host: ModelHost): string[] => {
  const { port } = sshLogin(host);
  return port === undefined ? [] : ["-p", String(port)];
};

/** NixVirt's libvirt on the host, reached over SSH: `qemu+ssh://user@address[:port]/system` (IPv6 in brackets). */
export function libvirtUriOf(host: ModelHost): string {
  const { user, address, port } = sshLogin(host);
  const where = address.includes(":") ? `[${address}]` : address;
  return `qemu+ssh://${user}@${where}${port === undefined ? "" : `:${port}`}/system`;
}
