import { gib, lab, secretFromFile, type Lab, type Network } from "../dsl/index.js";

/** Shape of a synthetic lab for benchmarks. */
export interface LabShape {
  readonly vms: number;
  readonly networks: number;
  readonly pools: number;
  /** Every VM installs unattended: Windows from answer files (vm0 creates a domain), Linux with cloud-init. */
  readonly media?: boolean;
}

/**
 * A valid lab of the given size: /24 networks with DHCP, VMs spread over pools and networks, every
 * VM on two networks, one in four with a static address. Declared through the DSL like a user would.
 */
export function syntheticLab({ vms, networks, pools, media = false }: LabShape): Lab {
  const l = lab("bench");
  const domain = media ? l.activeDirectory("bench.example", { adminPassword: secretFromFile("/etc/bench/admin") }) : undefined;
  const nets: Network[] = Array.from({ length: networks }, (_, i) =>
    l.network(`net${i}`, {
      subnet: `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
      bridge: `br${i}`,
      dhcp: { start: `10.${Math.floor(i / 256)}.${i % 256}.100`, end: `10.${Math.floor(i / 256)}.${i % 256}.254` },
    }),
  );
  const poolHandles = Array.from({ length: pools }, (_, i) => l.pool(`pool${i}`, { path: `/srv/pool${i}` }));
  const staticCount = new Map<Network, number>();
  for (let i = 0; i < vms; i++) {
    const primary = nets[i % networks]!;
    const used = staticCount.get(primary) ?? 0;
    const ip = i % 4 === 0 && used < 90 ? `${primary.props.subnet.replace(/\.0\/24$/, "")}.${10 + used}` : undefined;
    if (ip) staticCount.set(primary, used + 1);
    const props = {
      memory: gib(1 + (i % 4)),
      vcpus: 1 + (i % 3),
      disk: poolHandles[i % pools]!.volume(`vm${i}`, { capacity: gib(20) }),
      nics: [{ network: primary, ...(ip && { ip }) }, { network: nets[(i + 1) % networks]! }],
    };
    // vm0 creates the domain on net0; the VMs with a NIC there join it, the others stand alone.
    const onNet0 = i % networks === 0 || (i + 1) % networks === 0;
    const unattended = domain && (i === 0 ? { domainController: domain } : onNet0 ? { joinDomain: domain } : { adminPassword: secretFromFile("/etc/bench/local") });
    const cloudInit = media ? { users: [{ name: "ops", sudo: true, sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA ops"] }], packages: ["nginx"] } : undefined;
    if (i % 2 === 0) l.windowsVm(`vm${i}`, { ...props, installIso: "win.iso", ...(unattended && { os: "windows-server-2022", unattended }) });
    else l.linuxVm(`vm${i}`, { ...props, ...(cloudInit && { cloudInit }) });
  }
  return l;
}
