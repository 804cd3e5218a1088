import type { Host } from "./host.js";
import { Resource, refName } from "./resource.js";
import type { Size } from "./units.js";

/** Disk image formats libvirt can create. */
export type VolumeFormat = "qcow2" | "raw";

/** Options of a storage volume. */
export interface VolumeProps {
  /** Size of the virtual disk, e.g. `gib(60)`. */
  readonly capacity: Size;
  /** `"qcow2"` (default) or `"raw"`. The file is named `<name>.<format>`. */
  readonly format?: VolumeFormat;
  /** A volume of the same pool this one is a copy-on-write overlay of. */
  readonly backing?: Volume;
  /** The volume's file name in the pool when it is not `<name>.<format>` (imported volumes). */
  readonly fileName?: string;
  /**
   * libvirt XML elements kept as `homelab-gen import` read them, for what the typed options do not
   * cover (one top-level element per string). An element named like one the generator writes
   * replaces it; the others are added. Written as they are by both targets (the NixOS target then
   * hands NixVirt the XML file instead of building it from attributes).
   *
   * @example
   * { libvirtXml: [`<dns><host ip="192.168.56.5"><hostname>nas</hostname></host></dns>`] }
   */
  readonly libvirtXml?: readonly string[];
}

/**
 * A disk image in a storage pool. Create it with `pool.volume(...)`; give it to a VM as its disk.
 *
 * @example
 * const disk = pool.volume("dc01", { capacity: gib(60) });
 * myLab.windowsVm("DC01", { memory: gib(2), disk });
 */
export class Volume extends Resource<"volume"> {
  /** @internal Use `pool.volume(...)`. */
  constructor(
    name: string,
    readonly pool: Pool,
    readonly props: VolumeProps,
  ) {
    super("volume", name);
  }

  toSpec(): Record<string, unknown> {
    const { backing, ...rest } = this.props;
    return { name: this.name, pool: this.pool.name, ...rest, backing: backing?.name };
  }
}

/** Options of a storage pool. */
export interface PoolProps {
  /** Directory on the host holding the pool's volumes (an absolute path). */
  readonly path: string;
  /** UUID; derived from the lab and pool name when omitted. */
  readonly uuid?: string;
  /** Start the pool on switch (default `true`). */
  readonly active?: boolean;
  /**
   * libvirt XML elements kept as `homelab-gen import` read them, for what the typed options do not
   * cover (one top-level element per string). An element named like one the generator writes
   * replaces it; the others are added. Written as they are by both targets (the NixOS target then
   * hands NixVirt the XML file instead of building it from attributes).
   *
   * @example
   * { libvirtXml: [`<dns><host ip="192.168.56.5"><hostname>nas</hostname></host></dns>`] }
   */
  readonly libvirtXml?: readonly string[];
  /** The host whose disk holds the pool; may be omitted when the lab declares at most one host. */
  readonly host?: Host;
}

/**
 * A libvirt storage pool backed by a directory. Create it with `lab.pool(...)`.
 *
 * @example
 * const pool = myLab.pool("homelab", { path: "/var/lib/libvirt/images/homelab" });
 * const disk = pool.volume("dc01", { capacity: gib(60) });
 */
export class Pool extends Resource<"pool"> {
  /** Volumes declared in this pool, in declaration order. */
  readonly volumes: Volume[] = [];

  /** @internal Use `lab.pool(...)`. */
  constructor(
    name: string,
    readonly props: PoolProps,
  ) {
    super("pool", name);
  }

  /**
   * Declare a volume in this pool.
   *
   * @example
   * const disk = pool.volume("sccm01", { capacity: gib(100), format: "qcow2" });
   */
  volume(name: string, props: VolumeProps): Volume {
    const volume = new Volume(name, this, props);
    this.volumes.push(volume);
    return volume;
  }

  toSpec(): Record<string, unknown> {
    return { name: this.name, type: "dir", ...this.props, host: refName(this.props.host) };
  }
}
