import type { ModelPool, ModelVolume } from "../../model/pool.js";
import { el, type XmlElement } from "../../syntax/xml/index.js";

/**
 * A storage volume (`virsh vol-create --pool POOL FILE`): the file name `<name>.<format>`, its
 * capacity and format, and a backing volume of the same pool when it is an overlay, as in
 * `generators/nixvirt/pools.ts`. Allocation 0: the file starts sparse and grows as the guest
 * writes (qcow2 does anyway; without it libvirt would reserve the whole capacity of a raw file).
 *
 * @example
 * volumeXml(pool, pool.volumes[0]) // <volume><name>dc01.qcow2</name><capacity unit='GiB'>60</capacity>...
 */
export function volumeXml(pool: ModelPool, volume: ModelVolume): XmlElement {
  const backing = volume.backing === undefined ? undefined : pool.volumes.find((v) => v.name === volume.backing);
  return el("volume", {}, [
    el("name", {}, [volume.fileName]),
    el("allocation", { unit: volume.capacity.unit }, ["0"]),
    el("capacity", { unit: volume.capacity.unit }, [String(volume.capacity.count)]),
    el("target", {}, [el("format", { type: volume.format })]),
    backing &&
      el("backingStore", {}, [el("path", {}, [`${pool.path}/${backing.fileName}`]), el("format", { type: backing.format })]),
  ]);
}
