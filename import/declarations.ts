import type { Size } from "../dsl/units.js";

/**
 * What import read, as DSL-level declarations: the props each `lab.*` call gets, with references
 * by resource name (the topology writer turns them into handle variables) and the XML kept for
 * what the typed props cannot say, each with a note naming it.
 */

/** One libvirt XML element kept as written, and what it is (the comment above it in the topology). */
export interface KeptElement {
  readonly what: string;
  /** Why something in it that import types elsewhere is kept here, e.g. a NIC without a MAC (a second comment line). */
  readonly why?: string;
  readonly xml: string;
}

export interface ImportedNetwork {
  readonly name: string;
  readonly props: {
    readonly mode: "nat" | "route" | "isolated" | "bridge";
    readonly subnet: string;
    readonly gateway?: string;
    readonly bridge?: string;
    readonly dhcp?: { readonly start: string; readonly end: string };
    readonly leases?: readonly { readonly name: string; readonly mac: string; readonly ip: string }[];
    readonly domain?: string;
    readonly uuid?: string;
    readonly mac?: string;
  };
  readonly kept: readonly KeptElement[];
}

export interface ImportedVolume {
  /** The DSL name (a valid resource name); `fileName` when the libvirt name is not `<name>.<format>`. */
  readonly name: string;
  readonly fileName?: string;
  readonly capacity: Size;
  readonly format: "qcow2" | "raw";
  /** DSL name of the backing volume in the same pool. */
  readonly backing?: string;
  readonly kept: readonly KeptElement[];
}

export interface ImportedPool {
  readonly name: string;
  readonly props: { readonly path: string; readonly uuid?: string };
  readonly volumes: readonly ImportedVolume[];
  readonly kept: readonly KeptElement[];
}

export interface ImportedNic {
  readonly network: string;
  readonly mac: string;
  readonly model: "e1000e" | "virtio" | "rtl8139";
  readonly ip?: string;
}

export interface ImportedVm {
  readonly name: string;
  readonly template: "windows" | "linux";
  /** Why it was recognised as that template (a comment in the topology). */
  readonly because: string;
  readonly props: {
    readonly uuid?: string;
    readonly memory: Size;
    readonly vcpus: number;
    readonly disk?: { readonly pool: string; readonly volume: string };
    readonly nics: readonly ImportedNic[];
    readonly virtio?: boolean;
    readonly domainType?: string;
  };
  readonly kept: readonly KeptElement[];
}

/** An object the DSL cannot declare yet: written into the topology as a comment with its XML. */
export interface NotImported {
  readonly kind: "network" | "pool" | "volume" | "domain";
  readonly name: string;
  readonly why: string;
  readonly xml: string;
}

/** A Quadlet `.volume`: podman named volume. */
export interface ImportedPodmanVolume {
  readonly name: string;
  readonly owner?: { readonly uid: number; readonly gid?: number };
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Quadlet `.network`: podman network. */
export interface ImportedPodmanNetwork {
  readonly name: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly internal?: boolean;
  readonly disableDns?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Quadlet `.container`; `volumes[].volume` and `networks` name imported podman volumes and networks. */
export interface ImportedContainer {
  readonly name: string;
  readonly image: string;
  readonly exec?: readonly string[];
  readonly ports?: readonly { readonly host: number; readonly container: number; readonly protocol?: "tcp" | "udp"; readonly hostIp?: string }[];
  readonly volumes?: readonly ({ readonly volume: string; readonly path: string; readonly readOnly?: boolean } | { readonly hostPath: string; readonly path: string; readonly readOnly?: boolean })[];
  readonly env?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly networks?: readonly string[];
  readonly restart?: string;
  readonly wantedBy?: readonly string[];
  readonly autoUpdate?: "registry" | "local";
  readonly workingDir?: string;
  readonly volatileTmp?: boolean;
  /** The host account of a rootless container. */
  readonly user?: string;
  /** Lines kept as written, by section and key, each with why (the comment above it). */
  readonly raw: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly rawNotes: readonly string[];
  /** Parts the DSL cannot carry even as raw keys (a comment above the container names each). */
  readonly notImported?: readonly string[];
}

/** A unit import cannot declare (an unknown key in a `.volume`, an `.image`, a `.pod`, ...): a comment with its text. */
export interface NotImportedUnit {
  readonly file: string;
  readonly why: string;
  readonly text: string;
}

/** Everything one import read. */
export interface ImportedLab {
  readonly networks: readonly ImportedNetwork[];
  readonly pools: readonly ImportedPool[];
  readonly vms: readonly ImportedVm[];
  readonly notImported: readonly NotImported[];
  readonly podmanVolumes?: readonly ImportedPodmanVolume[];
  readonly podmanNetworks?: readonly ImportedPodmanNetwork[];
  readonly containers?: readonly ImportedContainer[];
  readonly notImportedUnits?: readonly NotImportedUnit[];
}
