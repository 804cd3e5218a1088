// The SCCM lab: a domain controller, an SCCM server and two Windows 11 clients on NixVirt.
// Every VM installs itself from an answer file: DC01 creates the lab.local forest, the others join
// it, and all of them come up with WinRM open to lab-net (docs/unattended.md).
import { gib, lab, opRead } from "homelab-gen";

const sccm = lab("sccm", {
  isoDir: "/var/lib/libvirt/iso",
  nvramDir: "/var/lib/libvirt/qemu/nvram",
});

// Inter-VM network; NAT so the guests reach Windows Update and SCCM prerequisites.
const labNet = sccm.network("lab-net", {
  mode: "nat",
  subnet: "192.168.56.0/24",
  bridge: "virbr56",
  dhcp: { start: "192.168.56.100", end: "192.168.56.200" },
});

// libvirt's usual default network.
const defaultNet = sccm.network("default", {
  mode: "nat",
  subnet: "192.168.122.0/24",
  bridge: "virbr0",
  dhcp: { start: "192.168.122.2", end: "192.168.122.254" },
});

const pool = sccm.pool("homelab", { path: "/var/lib/libvirt/images/homelab" });

// The domain administrator's password stays in 1Password; the host reads it when it assembles the
// install media (op authenticates with the service-account token in that root-only file).
const domain = sccm.activeDirectory("lab.local", {
  netbios: "LAB",
  adminPassword: opRead("op://Lab/domain-admin/password", { tokenFile: "/etc/homelab-gen/op.env" }),
});
const winrm = { from: [labNet] };

const serverIso = "windows-server-2022.iso";
const clientIso = "windows-11.iso";

sccm.windowsVm("DC01", {
  memory: gib(2),
  disk: pool.volume("dc01", { capacity: gib(60), format: "qcow2" }),
  installIso: serverIso,
  nics: [{ network: labNet, ip: "192.168.56.10" }, { network: defaultNet }],
  os: "windows-server-2022",
  edition: "standard-desktop",
  unattended: { domainController: domain, winrm },
});

sccm.windowsVm("SCCM01", {
  memory: gib(4),
  disk: pool.volume("sccm01", { capacity: gib(100), format: "qcow2" }),
  installIso: serverIso,
  nics: [{ network: labNet, ip: "192.168.56.11" }, { network: defaultNet }],
  os: "windows-server-2022",
  edition: "standard-desktop",
  unattended: { joinDomain: domain, winrm },
});

for (const name of ["CLIENT01", "CLIENT02"]) {
  sccm.windowsVm(name, {
    memory: gib(2),
    disk: pool.volume(name.toLowerCase(), { capacity: gib(60), format: "qcow2" }),
    installIso: clientIso,
    nics: [{ network: labNet }, { network: defaultNet }],
    os: "windows-11",
    edition: "pro",
    // 2 GiB is below Windows 11's minimum: Setup's lab bypass lets it install anyway.
    unattended: { joinDomain: domain, winrm, bypassHardwareChecks: true },
  });
}

// The NixOS machine that runs the lab.
sccm.host("hypervisor", { nixpkgs: "nixos-26.05", modules: ["./hosts/hypervisor.nix"] });

export default sccm;
