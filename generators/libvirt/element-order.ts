import type { XmlElement } from "../../syntax/xml/ast.js";

/**
 * The order libvirt writes the children of its definitions in (its `*DefFormat` functions), so
 * generated XML that mixes typed and imported elements reads like `virsh dumpxml`. Names not listed
 * go last, in the order given.
 */
const ORDERS: Readonly<Record<string, readonly string[]>> = {
  domain: [
    "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory", "currentMemory", "blkiotune",
    "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads", "iothreadids", "defaultiothread", "cputune", "numatune",
    "resource", "sysinfo", "bootloader", "bootloader_args", "os", "idmap", "features", "cpu", "clock", "on_poweroff",
    "on_reboot", "on_crash", "on_lockfailure", "pm", "perf", "devices", "seclabel", "keywrap", "launchSecurity",
  ],
  devices: [
    "emulator", "disk", "controller", "lease", "filesystem", "interface", "smartcard", "serial", "parallel", "console",
    "channel", "input", "tpm", "graphics", "sound", "audio", "video", "hostdev", "redirdev", "redirfilter", "hub",
    "watchdog", "memballoon", "rng", "panic", "shmem", "memory", "iommu", "vsock", "crypto", "pstore",
  ],
  network: [
    "name", "uuid", "title", "description", "metadata", "forward", "bridge", "mtu", "mac", "domain", "dns", "vlan",
    "bandwidth", "virtualport", "portgroup", "ip", "route",
  ],
  pool: ["name", "uuid", "capacity", "allocation", "available", "features", "source", "target", "refresh"],
  volume: ["name", "key", "source", "capacity", "allocation", "physical", "target", "backingStore"],
};

/** Rank of a child name under a parent; unlisted names after all listed ones. */
function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i === -1 ? order.length : i;
}

/**
 * An element's children in libvirt's order (stable: children of the same name keep their order).
 * Elements libvirt has no order for are returned as they are.
 *
 * @example
 * inLibvirtOrder(el("network", {}, [el("ip"), el("name")])) // <network><name/><ip/></network>
 */
export function inLibvirtOrder(e: XmlElement): XmlElement {
  const order = ORDERS[e.name];
  if (!order) return e;
  const children = e.children
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const ra = a.c.kind === "element" ? rank(order, a.c.name) : order.length;
      const rb = b.c.kind === "element" ? rank(order, b.c.name) : order.length;
      return ra - rb || a.i - b.i;
    })
    .map(({ c }) => c);
  return { ...e, children };
}
