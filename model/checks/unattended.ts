import { controllerOf } from "../domain-lookup.js";
import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { toMiB } from "../common.js";
import { CLIENT_EDITIONS, isServerOs, SERVER_EDITIONS } from "../unattended.js";
import type { ModelVm } from "../vm.js";

// Windows Setup's ComputerName: at most 15 characters (NetBIOS), letters, digits and '-', not only digits.
const COMPUTER_NAME = /^(?!\d+$)[A-Za-z0-9-]{1,15}$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Windows 11's published minimums (windows-11-requirements.md): 4 GB RAM, 64 GB storage, 2 cores. */
const WIN11_MIN_MIB = 4096;
const WIN11_MIN_DISK_BYTES = 64e9;
const WIN11_MIN_VCPUS = 2;

/**
 * Unattended installs: `os`, `edition` and the answer-file settings fit the VM's template, the
 * VM's name can be a computer name, domains are declared with exactly one controller that members
 * can reach, and Windows 11 gets its minimum hardware unless the lab bypass is chosen for that VM.
 */
export function checkUnattended(model: Model): Diagnostic[] {
  const found: Diagnostic[] = [];
  const say = (vm: ModelVm, message: string) => found.push(problem("vm", vm, message));
  const domains = new Set(model.domains.map((d) => d.name));
  const controllers = new Map<string, string[]>();
  const members = new Set<string>();
  const capacity = new Map(model.pools.flatMap((p) => p.volumes.map((v) => [`${p.name}/${v.name}`, v.capacity] as const)));

  for (const vm of model.vms) {
    if (vm.template === "linux") {
      if (vm.os !== undefined || vm.unattended) say(vm, "`os` and `unattended` are for Windows VMs; a Linux VM takes `cloudInit`");
      if (vm.cloudInit && !HOSTNAME.test(vm.cloudInit.hostname)) say(vm, `"${vm.cloudInit.hostname}" is not a host name (letters, digits and '-'); give cloudInit.hostname`);
      continue;
    }
    if (vm.cloudInit) say(vm, "`cloudInit` is for Linux VMs; a Windows VM installs with `unattended`");
    if (vm.os !== undefined && vm.edition !== undefined) {
      const fits: readonly string[] = isServerOs(vm.os) ? SERVER_EDITIONS : CLIENT_EDITIONS;
      if (!fits.includes(vm.edition)) say(vm, `edition "${vm.edition}" is not an edition of ${vm.os} (${fits.join(", ")})`);
    }
    if (vm.os === undefined && vm.edition !== undefined) say(vm, "`edition` needs `os`");
    if (vm.os === "windows-11") checkWindows11(vm, vm.disk && capacity.get(`${vm.disk.pool}/${vm.disk.volume}`), say);

    const u = vm.unattended;
    if (!u) continue;
    if (vm.os === undefined) say(vm, "an unattended install needs `os` (e.g. \"windows-server-2022\") to pick the image and drivers");
    if (!COMPUTER_NAME.test(vm.name)) say(vm, `"${vm.name}" cannot be a Windows computer name (at most 15 letters, digits or '-', not only digits)`);
    if (vm.virtio && !vm.virtioIso) say(vm, "an unattended install with `virtio` loads its disk driver from the virtio-win ISO: keep `virtioIso`");
    if (u.role.kind === "standalone" && !u.adminPassword) say(vm, "a VM outside a domain needs `unattended.adminPassword`");
    if (u.role.kind !== "standalone") {
      if (!domains.has(u.role.domain)) say(vm, `domain "${u.role.domain}" is not declared with lab.activeDirectory(...)`);
      if (u.role.kind === "controller") {
        controllers.set(u.role.domain, [...(controllers.get(u.role.domain) ?? []), vm.name]);
        if (!vm.nics.some((n) => n.ip !== undefined)) say(vm, `the controller of ${u.role.domain} needs a NIC with a static \`ip\`: members use it as their DNS server`);
      } else {
        members.add(u.role.domain);
      }
    }
    if (u.winrm !== false) {
      const own = new Set(vm.nics.map((n) => n.network));
      for (const net of u.winrm.from) if (!own.has(net)) say(vm, `winrm.from: the VM has no NIC on network ${net}`);
    }
  }

  for (const vm of model.vms) {
    const role = vm.unattended?.role;
    if (role?.kind !== "member") continue;
    const dc = controllerOf(model, role.domain);
    if (dc && !vm.nics.some((n) => n.network === dc.nic.network)) {
      say(vm, `joins ${role.domain} but has no NIC on network ${dc.nic.network}, where its controller ${dc.vm.name} is`);
    }
  }
  for (const domain of model.domains) {
    const dcs = controllers.get(domain.name) ?? [];
    if (dcs.length === 0 && members.has(domain.name)) found.push(problem("active-directory", domain, "VMs join this domain but no VM is its `domainController`"));
    if (dcs.length > 1) found.push(problem("active-directory", domain, `one VM creates the forest; ${dcs.join(" and ")} are both \`domainController\` (add more controllers after install)`));
  }
  return found;
}

function checkWindows11(vm: ModelVm, disk: Parameters<typeof toMiB>[0] | undefined, say: (vm: ModelVm, m: string) => void): void {
  const bypass = vm.unattended?.bypassHardwareChecks === true;
  if (toMiB(vm.memory) < WIN11_MIN_MIB && !bypass) {
    say(vm, `Windows 11 needs 4 GiB of memory, this VM has ${vm.memory.count} ${vm.memory.unit}; give it gib(4), or opt in to Setup's lab bypass with \`unattended: { bypassHardwareChecks: true, ... }\``);
  }
  // NixVirt's Windows template gives UEFI with Secure Boot (os.loader) and TPM 2.0 (devices.tpm); `raw`
  // replaces those top-level keys whole, so neither is certain any more.
  const replaced = ["os", "devices"].filter((k) => k in vm.raw);
  if (replaced.length > 0 && !bypass) {
    say(vm, `Windows 11 needs UEFI and TPM 2.0, which \`raw\` replaces (${replaced.join(", ")}); keep the template's or opt in to Setup's lab bypass`);
  }
  if (vm.vcpus < WIN11_MIN_VCPUS) say(vm, `Windows 11 needs 2 vCPUs, this VM has ${vm.vcpus}`);
  if (disk && toMiB(disk) * 1024 * 1024 < WIN11_MIN_DISK_BYTES) say(vm, `Windows 11 needs a 64 GB disk, this VM's is ${disk.count} ${disk.unit}`);
}
