import { gib, lab, type Lab, type Network } from "../dsl/index.js";

/** Shape of a synthetic lab for benchmarks. */
export interface LabShape {
  readonly vms: number;
  readonly networks: number;
  readonly pools: number;
}

/**
 * A valid lab of the given size: /24 networks with DHCP, VMs spread over pools and networks, every
 * VM on two networks, one in four with a static address. Declared through the DSL like a user would.
 */
export function syntheticLab({ vms, networks, pools }: LabShape): Lab {
  const l = lab("bench");
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
    if (i % 2 === 0) l.windowsVm(`vm${i}`, { ...props, installIso: "win.iso" });
    else l.linuxVm(`vm${i}`, props);
  }
  return l;
}
