// The SCCM lab: a domain controller, an SCCM server and two Windows 11 clients on NixVirt.
import { gib, lab } from "homelab-gen";

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

const serverIso = "windows-server-2022.iso";
const clientIso = "windows-11.iso";

sccm.windowsVm("DC01", {
  memory: gib(2),
  disk: pool.volume("dc01", { capacity: gib(60), format: "qcow2" }),
  installIso: serverIso,
  nics: [{ network: labNet, ip: "192.168.56.10" }, { network: defaultNet }],
});

sccm.windowsVm("SCCM01", {
  memory: gib(4),
  disk: pool.volume("sccm01", { capacity: gib(100), format: "qcow2" }),
  installIso: serverIso,
  nics: [{ network: labNet, ip: "192.168.56.11" }, { network: defaultNet }],
});

for (const name of ["CLIENT01", "CLIENT02"]) {
  sccm.windowsVm(name, {
    memory: gib(2),
    disk: pool.volume(name.toLowerCase(), { capacity: gib(60), format: "qcow2" }),
    installIso: clientIso,
    nics: [{ network: labNet }, { network: defaultNet }],
  });
}

// The NixOS machine that runs the lab.
sccm.host("hypervisor", { nixpkgs: "nixos-26.05", modules: ["./hosts/hypervisor.nix"] });

export default sccm;
