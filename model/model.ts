import type { SourceLocation } from "../dsl/source.js";
import type { ModelActiveDirectory } from "./active-directory.js";
import type { ModelContainer } from "./container.js";
import type { ModelContainerTemplate } from "./container-template.js";
import type { ModelHost } from "./host.js";
import type { ModelImage } from "./image.js";
import type { ModelJob } from "./job.js";
import type { LibvirtHostPaths } from "./libvirt-host.js";
import type { ModelNetwork } from "./network.js";
import type { ModelPodmanNetwork } from "./podman-network.js";
import type { ModelPodmanVolume } from "./podman-volume.js";
import type { ModelPool } from "./pool.js";
import type { ModelVm } from "./vm.js";

/** The whole normalized topology: what generators read. Plain data, no handles. */
export interface Model {
  readonly lab: {
    readonly name: string;
    readonly isoDir: string;
    readonly nvramDir: string;
    /** UEFI firmware and virtio-win ISO paths for `--target libvirt`. */
    readonly libvirt: LibvirtHostPaths;
    readonly source: SourceLocation;
  };
  /** Topology file path relative to the project root (see cli/project-root.ts), POSIX separators (for headers). */
  readonly topology: string;
  /** Absolute path of the topology file's folder (to resolve host module paths). */
  readonly topologyDir: string;
  readonly networks: readonly ModelNetwork[];
  readonly pools: readonly ModelPool[];
  readonly vms: readonly ModelVm[];
  readonly hosts: readonly ModelHost[];
  /** Nix-built container images. */
  readonly images: readonly ModelImage[];
  /** Quadlet containers. */
  readonly containers: readonly ModelContainer[];
  readonly podmanVolumes: readonly ModelPodmanVolume[];
  readonly podmanNetworks: readonly ModelPodmanNetwork[];
  /** Periodic jobs (systemd timers). */
  readonly jobs: readonly ModelJob[];
  /** Container templates: each becomes a control command (`bin/<name>-ctl`). */
  readonly containerTemplates: readonly ModelContainerTemplate[];
  /** Active Directory domains that unattended Windows installs create and join. */
  readonly domains: readonly ModelActiveDirectory[];
}
