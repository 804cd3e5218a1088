import type { CloudInit } from "./cloud-init.js";
import type { Host } from "./host.js";
import { Resource, refName } from "./resource.js";
import type { Network } from "./network.js";
import type { UnattendedWindows } from "./unattended.js";
import type { WindowsOsChoice } from "./windows-os.js";
import type { Volume } from "./pool.js";
import type { Size } from "./units.js";

/** Emulated or paravirtual NIC hardware. */
export type NicModel = "e1000e" | "virtio" | "rtl8139";

/** A network card of a VM. */
export interface Nic {
  /** The network it plugs into: a handle from `lab.network(...)`. */
  readonly network: Network;
  /** Static IPv4 address the guest uses; also reserved as a DHCP lease when the network has DHCP. */
  readonly ip?: string;
  /** MAC address; derived from the lab, VM and network names when omitted. */
  readonly mac?: string;
  /** Card model; `"e1000e"` for Windows unless `virtio` is set, always `"virtio"` for Linux. */
  readonly model?: NicModel;
}

/**
 * How a person reaches the VM's screen. The default, SPICE on 127.0.0.1 with a virtio GPU without
 * 3D, runs on a headless host; connect with `virt-viewer --connect qemu+ssh://host/system NAME`.
 *
 * @example
 * { display: { protocol: "vnc", listen: "0.0.0.0" } }  // remote VNC clients
 * { display: { gl: true } }                             // virgl 3D; needs a GPU render node and a local viewer
 */
export interface DisplayProps {
  /** `"spice"` (default) or `"vnc"`. */
  readonly protocol?: "spice" | "vnc";
  /** IPv4 address to listen on; default `"127.0.0.1"`. Not with `gl`. */
  readonly listen?: string;
  /** 3D acceleration (virgl, SPICE's OpenGL) for a viewer on the host itself; default `false`. */
  readonly gl?: boolean;
}

/** Options every VM has. */
export interface VmProps {
  /** Guest RAM, e.g. `gib(4)`. */
  readonly memory: Size;
  /** Virtual CPUs (default 2). */
  readonly vcpus?: number;
  /** System disk: a volume handle from `pool.volume(...)`. */
  readonly disk?: Volume;
  /** Install medium: absolute path of an ISO on the host. */
  readonly installIso?: string;
  /** Network cards, in order. */
  readonly nics?: readonly Nic[];
  /** `true`: started on switch; `false`: stopped on switch; omitted: left as it is (new VMs stay off). */
  readonly running?: boolean;
  /** UUID; derived from the lab and VM name when omitted. */
  readonly uuid?: string;
  /** The host that runs the VM; may be omitted when the lab declares at most one host. Its disk's pool must be on the same host. */
  readonly host?: Host;
  /**
   * Escape hatch: attributes merged over NixVirt's template output (top level, shallow), for any
   * libvirt domain key the DSL does not cover. Values are plain data.
   *
   * @example
   * { raw: { cpu: { mode: "host-passthrough" } } }
   */
  readonly raw?: Readonly<Record<string, unknown>>;
  /** SPICE or VNC, where it listens, 3D acceleration; see {@link DisplayProps}. */
  readonly display?: DisplayProps;
  /**
   * The domain's own libvirt XML, kept as `homelab-gen import` read it: every top-level element the
   * typed options above do not describe (`<os>`, `<features>`, `<devices>` with the devices other
   * than the system disk and the typed NICs, ...). When given, the VM is written from the typed
   * options and these elements only, not from the template, by both targets (the NixOS target
   * hands NixVirt the XML file). Remove an element to drop it; edit it as XML.
   *
   * @example
   * { libvirtXml: [`<features><acpi/><apic/></features>`, `<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>`] }
   */
  readonly libvirtXml?: readonly string[];
  /** The domain's hypervisor type (`<domain type=...>`) with `libvirtXml`; default `"kvm"`. */
  readonly domainType?: string;
}

/**
 * Options of a Windows VM besides its OS (NixVirt's `windows` template: UEFI, TPM 2.0, Hyper-V enlightenments).
 *
 * @example
 * { memory: gib(4), disk: pool.volume("dc01", { capacity: gib(60) }), virtio: true, unattended: { domainController: domain } }
 */
export interface WindowsVmBaseProps extends VmProps {
  /** NVRAM file of the UEFI variables; default `<lab nvramDir>/<name>.nvram`. */
  readonly nvramPath?: string;
  /** Paravirtual disk and NIC (needs drivers during install); default `false`: emulated SATA and e1000e. */
  readonly virtio?: boolean;
  /** Attach the virtio-win driver ISO (default `true`). */
  readonly virtioIso?: boolean;
  /**
   * Install without a click: an `autounattend.xml` (and first-logon scripts) on a second CD, made
   * from this VM's name, NICs and domain role. Needs `os`.
   *
   * @example
   * { os: "windows-server-2022", edition: "standard-desktop", unattended: { domainController: domain } }
   */
  readonly unattended?: UnattendedWindows;
}

/**
 * Options of a Windows VM: the machine, and `os`/`edition` (typed together: a server edition only
 * with a server release).
 *
 * @example
 * { memory: gib(4), os: "windows-11", edition: "pro", unattended: { joinDomain: domain } }
 */
export type WindowsVmProps = WindowsVmBaseProps & WindowsOsChoice;

/** Options of a Linux VM (NixVirt's `linux` template: q35, virtio, guest agent). */
export interface LinuxVmProps extends VmProps {
  /**
   * A cloud-init NoCloud seed on a `cidata` CD: a VM whose disk is backed by a cloud image boots
   * straight into a configured system.
   *
   * @example
   * { cloudInit: { users: [{ name: "ops", sshKeys: ["ssh-ed25519 AAAA... ops"] }], packages: ["nginx"] } }
   */
  readonly cloudInit?: CloudInit;
}

/** Which NixVirt domain template a VM is built on. */
export type VmTemplate = "windows" | "linux";

/**
 * A libvirt domain. Create it with `lab.windowsVm(...)` or `lab.linuxVm(...)`.
 *
 * @example
 * myLab.windowsVm("DC01", {
 *   memory: gib(2),
 *   disk: pool.volume("dc01", { capacity: gib(60) }),
 *   installIso: "/var/lib/libvirt/iso/windows-server-2022.iso",
 *   nics: [{ network: labNet, ip: "192.168.56.10" }, { network: defaultNet }],
 * });
 */
export class Vm extends Resource<"vm"> {
  /** @internal Use `lab.windowsVm(...)` or `lab.linuxVm(...)`. */
  constructor(
    name: string,
    readonly template: VmTemplate,
    readonly props: WindowsVmProps | LinuxVmProps,
  ) {
    super("vm", name);
  }

  toSpec(): Record<string, unknown> {
    const { disk, nics, host, ...rest } = this.props;
    const unattended = "unattended" in this.props ? this.props.unattended : undefined;
    return {
      name: this.name,
      template: this.template,
      ...rest,
      host: refName(host),
      disk: disk && { pool: disk.pool.name, volume: disk.name },
      nics: (nics ?? []).map(({ network, ...nic }) => ({ ...nic, network: network?.name })),
      ...(unattended && { unattended: unattendedSpec(unattended) }),
    };
  }
}

/** Handles in the unattended settings replaced by the names they stand for. */
function unattendedSpec(u: UnattendedWindows): Record<string, unknown> {
  const { domainController, joinDomain, winrm, ...rest } = u;
  return {
    ...rest,
    ...(domainController && { domainController: domainController.name }),
    ...(joinDomain && { joinDomain: joinDomain.name }),
    ...(winrm !== undefined && { winrm: winrm === false ? false : { from: winrm.from.map((n) => n?.name) } }),
  };
}
