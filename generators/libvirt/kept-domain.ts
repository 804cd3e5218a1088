import type { ModelVolume } from "../../model/pool.js";
import type { ModelVm } from "../../model/vm.js";
import { el, type XmlElement } from "../../syntax/xml/index.js";
import { nicXml, systemDiskTarget } from "./domain.js";
import { withKeptXml } from "./kept-xml.js";

/**
 * The system disk of a VM with imported hardware: the volume with its own format and the target
 * the VM's template puts a system disk on, nothing else (import keeps a disk with more settings as
 * XML instead).
 */
export const importedSystemDisk = (vm: ModelVm, volume: ModelVolume): XmlElement =>
  el("disk", { type: "volume", device: "disk" }, [
    el("driver", { name: "qemu", type: volume.format }),
    el("source", { pool: volume.pool, volume: volume.fileName }),
    el("target", systemDiskTarget(vm)),
  ]);

/**
 * A domain whose hardware was imported (`libvirtXml` given): the typed name, UUID, memory, vCPUs,
 * system disk and NICs, then the imported elements, in libvirt's order. No template part: the VM
 * stays the machine it was when imported. Both targets write this XML.
 *
 * @example
 * keptDomainXml(vm, volume) // <domain type='kvm'><name>web</name>...<devices>...</devices></domain>
 */
export function keptDomainXml(vm: ModelVm, volume: ModelVolume | undefined): XmlElement {
  const typed = el("domain", { type: vm.domainType }, [
    el("name", {}, [vm.name]),
    el("uuid", {}, [vm.uuid]),
    el("memory", { unit: vm.memory.unit }, [String(vm.memory.count)]),
    el("vcpu", {}, [String(vm.vcpus)]),
    el("devices", {}, [volume && importedSystemDisk(vm, volume), ...vm.nics.map(nicXml)]),
  ]);
  return withKeptXml(typed, vm.libvirtXml);
}
