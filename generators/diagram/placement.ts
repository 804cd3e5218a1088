/**
 * Which machine box a libvirt object is drawn in. The model has no host on VMs, networks or pools
 * yet: they run on the lab's only host, or on an undeclared libvirt host when there is none or
 * several. When libvirt objects get a `host`, this is the one place that reads it.
 */
import type { Model } from "../../model/model.js";

/** Box id of a machine, and of the box for things on no declared host. */
export const hostBoxId = (host: string | undefined): string => (host === undefined ? "host-undeclared" : `host/${host}`);

/** The host libvirt objects of this lab are drawn on (`undefined`: the undeclared one). */
export const libvirtHost = (model: Pick<Model, "hosts">): string | undefined => (model.hosts.length === 1 ? model.hosts[0]!.name : undefined);
