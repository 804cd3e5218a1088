/**
 * A Linux VM's cloud-init NoCloud seed (cloud-init 22.4 docs, datasources/nocloud): `user-data`
 * (`#cloud-config`), `meta-data` (instance ID and host name) and `network-config` (version 2, no
 * `network:` wrapper) from the VM's NICs. Password hashes are placeholders `assemble.sh` fills in.
 */
import type { ModelCloudInit } from "../../model/cloud-init.js";
import type { Model } from "../../model/model.js";
import type { ModelVm } from "../../model/vm.js";
import { secretPlaceholder } from "../../model/vm-secret.js";
import { doubleQuoted, printYaml, type YamlValue } from "../../syntax/yaml/index.js";
import type { GeneratedFiles } from "../output.js";

function userData(c: ModelCloudInit): YamlValue {
  const nonEmpty = <T>(xs: readonly T[]) => (xs.length > 0 ? xs : undefined);
  return {
    hostname: c.hostname,
    users: nonEmpty(
      c.users.map((u) => ({
        name: u.name,
        groups: nonEmpty(u.groups),
        sudo: u.sudo ? "ALL=(ALL) NOPASSWD:ALL" : undefined,
        shell: u.shell,
        ssh_authorized_keys: nonEmpty(u.sshKeys),
        lock_passwd: u.passwordHash === undefined,
        // Double-quoted: assemble.sh escapes the hash for exactly this context.
        hashed_passwd: u.passwordHash && doubleQuoted(secretPlaceholder(u.passwordHash.key)),
      })),
    ),
    packages: nonEmpty(c.packages),
    package_upgrade: c.packageUpgrade || undefined,
    runcmd: nonEmpty(c.runcmd.map((cmd) => (typeof cmd === "string" ? cmd : [...cmd]))),
    write_files: nonEmpty(c.writeFiles.map((f) => ({ path: f.path, content: f.content, permissions: f.permissions, owner: f.owner }))),
  };
}

/**
 * Network config v2: each NIC matched by its MAC (lower case) and renamed `eth<N>`; a static
 * address with a default route (`to: 0.0.0.0/0`: cloud-init 22.4 cannot render `to: default`)
 * on NAT and routed networks, and DNS servers; DHCP otherwise.
 */
function networkConfig(model: Model, vm: ModelVm, c: ModelCloudInit): YamlValue {
  const networks = new Map(model.networks.map((n) => [n.name, n]));
  const ethernets = Object.fromEntries(
    vm.nics.map((nic, i) => {
      const net = networks.get(nic.network)!;
      const base = { match: { macaddress: nic.mac.toLowerCase() }, "set-name": `eth${i}` };
      if (nic.ip === undefined) return [`eth${i}`, { ...base, dhcp4: true }];
      const routed = net.mode !== "isolated";
      return [
        `eth${i}`,
        {
          ...base,
          addresses: [`${nic.ip}/${net.prefix}`],
          routes: routed ? [{ to: "0.0.0.0/0", via: net.gateway, metric: 100 * (i + 1) }] : undefined,
          nameservers: c.nameservers ? { addresses: [...c.nameservers] } : routed ? { addresses: [net.gateway] } : undefined,
        },
      ];
    }),
  );
  return { version: 2, ethernets };
}

/**
 * The seed files of a Linux VM with `cloudInit`, under `dir`.
 *
 * @example
 * cloudInitFiles(model, vm, header, "seeds/web") // seeds/web/user-data, meta-data, network-config
 */
export function cloudInitFiles(model: Model, vm: ModelVm, header: readonly string[], dir: string): GeneratedFiles {
  const c = vm.cloudInit!;
  return new Map([
    [`${dir}/meta-data`, printYaml(header, { "instance-id": c.instanceId, "local-hostname": c.hostname })],
    [`${dir}/network-config`, printYaml(header, networkConfig(model, vm, c))],
    [`${dir}/user-data`, printYaml(header, userData(c), { firstLine: "#cloud-config" })],
  ]);
}
