import { ActiveDirectory, type ActiveDirectoryProps } from "./active-directory.js";
import { Container, type ContainerProps } from "./container.js";
import { ContainerTemplate, type CheckedTemplateProps, type ContainerTemplateProps } from "./container-template.js";
import { Host, type HostProps } from "./host.js";
import { Image, type ImageProps } from "./image.js";
import { Job, type JobProps } from "./job.js";
import { Network, type NetworkProps } from "./network.js";
import { PodmanNetwork, type PodmanNetworkProps } from "./podman-network.js";
import { PodmanVolume, type PodmanVolumeProps } from "./podman-volume.js";
import { Pool, type PoolProps } from "./pool.js";
import { Resource } from "./resource.js";
import { callerLocation, type SourceLocation } from "./source.js";
import { Vm, type LinuxVmProps, type WindowsVmProps } from "./vm.js";

/** Lab-wide settings. */
export interface LabProps {
  /** Where install ISOs live on the host; an `installIso` without a `/` is taken from here. Default `/var/lib/libvirt/iso`. */
  readonly isoDir?: string;
  /** Where Windows VMs' UEFI variable files live. Default `/var/lib/libvirt/qemu/nvram`. */
  readonly nvramDir?: string;
  /**
   * Host paths for `--target libvirt` (plain libvirt XML for hosts without Nix); the NixOS target
   * ignores them. `distro` picks the defaults: `"debian"` (default, also Ubuntu) uses
   * `/usr/share/OVMF/OVMF_CODE_4M.ms.fd`, `/usr/share/OVMF/OVMF_VARS_4M.ms.fd` and
   * `<isoDir>/virtio-win.iso`; `"fedora"` uses `/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd`,
   * `/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd` and `/usr/share/virtio-win/virtio-win.iso`.
   * Any path given (absolute) wins over the default.
   *
   * @example
   * lab("sccm", { libvirt: { distro: "fedora" } })
   */
  readonly libvirt?: {
    readonly distro?: "debian" | "fedora";
    /** UEFI firmware code with Secure Boot (an SMM build). */
    readonly ovmfCode?: string;
    /** UEFI variable store template with Secure Boot keys enrolled. */
    readonly ovmfVars?: string;
    /** The virtio-win driver ISO attached to Windows VMs. */
    readonly virtioIso?: string;
  };
}

/**
 * The root of a topology: every resource is declared on a lab. A topology file's default export is
 * its lab.
 *
 * @example
 * import { lab, gib } from "homelab-gen";
 * const sccm = lab("sccm");
 * const net = sccm.network("lab-net", { subnet: "192.168.56.0/24" });
 * export default sccm;
 */
export class Lab {
  readonly source: SourceLocation;
  private readonly declared: Resource[] = [];

  /** @internal Use `lab(name)`. */
  constructor(
    readonly name: string,
    readonly props: LabProps = {},
  ) {
    this.source = callerLocation();
  }

  private add<R extends Resource>(resource: R): R {
    this.declared.push(resource);
    return resource;
  }

  /**
   * Declare a libvirt network.
   *
   * @example
   * const labNet = myLab.network("lab-net", { subnet: "192.168.56.0/24", bridge: "virbr56" });
   */
  network(name: string, props: NetworkProps): Network {
    return this.add(new Network(name, props));
  }

  /**
   * Declare a directory storage pool; add volumes with `pool.volume(...)`.
   *
   * @example
   * const pool = myLab.pool("homelab", { path: "/var/lib/libvirt/images/homelab" });
   */
  pool(name: string, props: PoolProps): Pool {
    return this.add(new Pool(name, props));
  }

  /**
   * Declare a Windows VM (UEFI, TPM 2.0, virtio driver ISO).
   *
   * @example
   * myLab.windowsVm("DC01", { memory: gib(2), installIso: "windows-server-2022.iso" });
   */
  windowsVm(name: string, props: WindowsVmProps): Vm {
    return this.add(new Vm(name, "windows", props));
  }

  /**
   * Declare a Linux VM (q35, virtio devices, guest agent channel).
   *
   * @example
   * myLab.linuxVm("router", { memory: gib(1), vcpus: 1, nics: [{ network: labNet }] });
   */
  linuxVm(name: string, props: LinuxVmProps): Vm {
    return this.add(new Vm(name, "linux", props));
  }

  /**
   * Declare a NixOS host that runs the lab.
   *
   * @example
   * myLab.host("hypervisor", { modules: ["./hardware-configuration.nix"] });
   */
  host(name: string, props: HostProps = {}): Host {
    return this.add(new Host(name, props));
  }

  /**
   * Declare a container image built by Nix (`dockerTools.buildLayeredImage`).
   *
   * @example
   * const tools = myLab.image("tools", { tag: "1.0", packages: ["bashInteractive", "ripgrep"], cmd: ["bash"] });
   */
  image(name: string, props: ImageProps): Image {
    return this.add(new Image(name, props));
  }

  /**
   * Declare a container run by Podman Quadlet.
   *
   * @example
   * myLab.container("web", { image: "docker.io/library/nginx:1.27", ports: [{ host: 8080, container: 80 }] });
   */
  container(name: string, props: ContainerProps): Container {
    return this.add(new Container(name, props));
  }

  /**
   * Declare a podman named volume (a Quadlet `.volume` unit).
   *
   * @example
   * const data = myLab.podmanVolume("web-data", { owner: { uid: 101 } });
   */
  podmanVolume(name: string, props: PodmanVolumeProps = {}): PodmanVolume {
    return this.add(new PodmanVolume(name, props));
  }

  /**
   * Declare a podman network (a Quadlet `.network` unit).
   *
   * @example
   * const backend = myLab.podmanNetwork("backend", { subnet: "10.89.1.0/24" });
   */
  podmanNetwork(name: string, props: PodmanNetworkProps = {}): PodmanNetwork {
    return this.add(new PodmanNetwork(name, props));
  }

  /**
   * Declare a periodic job: a systemd timer and the service it starts.
   *
   * @example
   * myLab.job("prune-images", { schedule: "weekly", command: ["podman", "image", "prune", "--force"] });
   */
  job(name: string, props: JobProps): Job {
    return this.add(new Job(name, props));
  }

  /**
   * Declare a container template: homelab-gen generates the command `<name>-ctl` (in `bin/`,
   * installed on the host) with which the template's users create and destroy their own
   * containers of this shape. Strings may hold `{name}` and `{user}`.
   *
   * @example
   * myLab.containerTemplate("devbox", { image: tools, users: ["alice"], env: { CONTAINER_NAME: "{name}" }, connect: ["ssh dev@{name}"] });
   */
  containerTemplate<const P extends ContainerTemplateProps>(name: string, props: P & CheckedTemplateProps<P>): ContainerTemplate {
    return this.add(new ContainerTemplate(name, props));
  }

  /**
   * Declare an Active Directory forest, created by the VM that names it as `domainController` and
   * joined by those that name it as `joinDomain`.
   *
   * @example
   * const domain = myLab.activeDirectory("lab.local", { netbios: "LAB", adminPassword: opRead("op://Lab/domain-admin/password") });
   */
  activeDirectory(name: string, props: ActiveDirectoryProps): ActiveDirectory {
    return this.add(new ActiveDirectory(name, props));
  }

  /** Every declared resource in declaration order, volumes right after their pool. */
  resources(): Resource[] {
    return this.declared.flatMap((r) => (r instanceof Pool ? [r, ...r.volumes] : [r]));
  }
}

/**
 * Start a topology.
 *
 * @example
 * const sccm = lab("sccm", { isoDir: "/srv/iso" });
 * export default sccm;
 */
export const lab = (name: string, props: LabProps = {}): Lab => new Lab(name, props);
