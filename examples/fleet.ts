// A fleet of three NixOS machines deployed with one command (`homelab-gen deploy examples/fleet.ts`):
// the SCCM lab of examples/sccm.ts split over two hypervisors that share one lab subnet on a
// bridged VLAN, and a dev-container host (a smaller examples/devbox.ts).
import { gib, lab, opRead } from "homelab-gen";

const fleet = lab("fleet", { isoDir: "/var/lib/libvirt/iso" });

// The machines, as deploys reach them over SSH. Tags select them: `deploy --on @hypervisor`.
const hv1 = fleet.host("hv1", { targetHost: "root@10.0.0.11", tags: ["hypervisor", "rack"], modules: ["./hosts/hypervisor.nix"] });
const hv2 = fleet.host("hv2", { targetHost: "root@10.0.0.12", tags: ["hypervisor"], modules: ["./hosts/hypervisor.nix"] });

const developers = ["alice", "bob"];

// Each developer's 1Password service-account token, as the env file their containers' `op read`
// needs: produced on the deploying machine by `op` at deploy time and uploaded over SSH, never
// written into the Nix store or the generated folder.
const tokenFile = (user: string) => `op-token-${user}.env`;
const box = fleet.host("box", {
  targetHost: "root@10.0.0.13",
  tags: ["containers"],
  libvirt: false,
  modules: ["./hosts/orchestrator.nix"],
  podman: { version: "5.4", maxContainers: 7, maxContainersPerUser: 5 },
  keys: Object.fromEntries(
    developers.map((user) => [
      tokenFile(user),
      {
        command: ["sh", "-c", `printf 'OP_SERVICE_ACCOUNT_TOKEN=%s\\n' "$(op read op://DevBox/${user}-service-account/credential)"`],
        destDir: "/etc/devbox",
        user,
        group: "users",
        permissions: "0400",
      },
    ]),
  ),
});

// The lab subnet both hypervisors share: VLAN 56 tagged on each one's uplink, bridged to the
// guests. The LAN's router owns addressing; libvirt hands out none on a bridge, so the servers'
// static addresses are set in Windows by their answer files.
const labNet = fleet.network("lab-net", {
  mode: "bridge",
  bridge: "br-lab",
  vlan: 56,
  uplink: { hv1: "enp1s0", hv2: "eno1" },
  subnet: "192.168.56.0/24",
  gateway: "192.168.56.1",
});

// Internet for the guests through each hypervisor's own NAT (libvirt's usual default network).
const natOf = (host: typeof hv1, name: string) =>
  fleet.network(name, { host, mode: "nat", subnet: "192.168.122.0/24", bridge: "virbr0", dhcp: { start: "192.168.122.2", end: "192.168.122.254" } });
const nat1 = natOf(hv1, "default-hv1");
const nat2 = natOf(hv2, "default-hv2");

const pool1 = fleet.pool("images-hv1", { host: hv1, path: "/var/lib/libvirt/images/homelab" });
const pool2 = fleet.pool("images-hv2", { host: hv2, path: "/var/lib/libvirt/images/homelab" });

const serverIso = "windows-server-2022.iso";
const clientIso = "windows-11.iso";

// Every Windows VM installs itself, as in examples/sccm.ts: DC01 creates the forest, the others
// join it across the two hypervisors. Each hypervisor reads the password when it assembles its
// own VMs' install media (docs/unattended.md).
const domain = fleet.activeDirectory("lab.local", {
  netbios: "LAB",
  adminPassword: opRead("op://Lab/domain-admin/password", { tokenFile: "/etc/homelab-gen/op.env" }),
});
const winrm = { from: [labNet] };

// The servers on hv1.
fleet.windowsVm("DC01", {
  host: hv1,
  memory: gib(2),
  disk: pool1.volume("dc01", { capacity: gib(60) }),
  installIso: serverIso,
  nics: [{ network: labNet, ip: "192.168.56.10" }, { network: nat1 }],
  os: "windows-server-2022",
  unattended: { domainController: domain, winrm },
});
fleet.windowsVm("SCCM01", {
  host: hv1,
  memory: gib(4),
  disk: pool1.volume("sccm01", { capacity: gib(100) }),
  installIso: serverIso,
  nics: [{ network: labNet, ip: "192.168.56.11" }, { network: nat1 }],
  os: "windows-server-2022",
  unattended: { joinDomain: domain, winrm },
});

// The clients on hv2, on the same lab subnet.
for (const name of ["CLIENT01", "CLIENT02"]) {
  fleet.windowsVm(name, {
    host: hv2,
    memory: gib(2),
    disk: pool2.volume(name.toLowerCase(), { capacity: gib(60) }),
    installIso: clientIso,
    nics: [{ network: labNet }, { network: nat2 }],
    os: "windows-11",
    // 2 GiB is below Windows 11's minimum: Setup's lab bypass lets it install anyway.
    unattended: { joinDomain: domain, winrm, bypassHardwareChecks: true },
  });
}

// One rootless dev container per developer on box, reading its Tailscale auth key with the
// token uploaded above (examples/devbox.ts has the full image and entrypoint).
const devcontainer = fleet.image("devcontainer", {
  tag: "1.0",
  packages: ["bashInteractive", "coreutils", "git", "neovim", "tailscale"],
  fakeNss: { users: [{ name: "dev", uid: 1000, home: "/home/dev", shell: "/bin/bash" }] },
  caCertificates: true,
  user: "dev",
  workingDir: "/home/dev",
  cmd: ["sleep", "infinity"],
});
for (const user of developers) {
  fleet.container(`${user}-dev`, {
    host: box,
    user,
    image: devcontainer,
    volumes: [{ volume: fleet.podmanVolume(`${user}-dev-home`, { owner: { uid: 1000, gid: 1000 } }), path: "/home/dev" }],
    secrets: { TS_AUTHKEY: opRead(`op://DevBox/${user}-tailscale-authkey/password`, { tokenFile: `/etc/devbox/${tokenFile(user)}` }) },
    memory: gib(4),
    restart: "always",
  });
}

export default fleet;
