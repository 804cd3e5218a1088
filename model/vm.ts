import { posix } from "node:path";
import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { hostPath, noControlCharacters, resourceName, size } from "./common.js";
import { cloudInitInput, normalizeCloudInit, type ModelCloudInit } from "./cloud-init.js";
import { displayInput, normalizeDisplay, type ModelDisplay } from "./display.js";
import { deriveMac, deriveUuid } from "./ids.js";
import { keptXml } from "./kept-xml.js";
import type { XmlElement } from "../syntax/xml/ast.js";
import { defaultHost } from "./placement.js";
import { CLIENT_EDITIONS, normalizeUnattended, SERVER_EDITIONS, unattendedInput, WINDOWS_OS, type ModelUnattended, type WindowsOs } from "./unattended.js";

const nic = z.strictObject({
  network: z.string({ message: "nic needs a network handle" }),
  ip: z.optional(z.string()),
  mac: z.optional(z.string()),
  model: z.optional(z.enum(["e1000e", "virtio", "rtl8139"])),
});

/** Options that shape the template's domain, which a VM with imported hardware (`libvirtXml`) is not written from. */
const TEMPLATE_ONLY = ["installIso", "nvramPath", "display", "raw", "os", "edition", "unattended", "cloudInit"] as const;

/**
 * A VM with `libvirtXml` is written from its imported XML (generators/libvirt/kept-domain.ts); a
 * template option given beside it would be dropped without a word, so it is an error.
 */
const templateOptionsWithImportedHardware = z.superRefine(
  (vm: { libvirtXml: readonly unknown[]; raw: Record<string, unknown> } & Partial<Record<(typeof TEMPLATE_ONLY)[number], unknown>>, ctx) => {
    if (vm.libvirtXml.length === 0) return;
    const given = TEMPLATE_ONLY.filter((key) => (key === "raw" ? Object.keys(vm.raw).length > 0 : vm[key] !== undefined));
    if (given.length === 0) return;
    ctx.addIssue({
      code: "custom",
      message: `${given.join(", ")} ${given.length === 1 ? "is" : "are"} not used with libvirtXml: the VM is written from its imported XML, so edit that XML instead (or remove libvirtXml to build the VM from its template)`,
    });
  },
);

/** What the DSL hands over for a VM. */
export const vmInput = z.strictObject({
  name: resourceName,
  template: z.enum(["windows", "linux"]),
  memory: size,
  vcpus: z._default(z.number().check(z.int("vcpus must be a whole number"), z.gte(1, "vcpus must be at least 1"), z.lte(512)), 2),
  disk: z.optional(z.strictObject({ pool: z.string(), volume: z.string() })),
  installIso: z.optional(z.string().check(noControlCharacters)),
  nics: z._default(z.array(nic), []),
  running: z.optional(z.boolean()),
  uuid: z.optional(z.string()),
  raw: z._default(z.record(z.string(), z.unknown()), {}),
  nvramPath: z.optional(hostPath),
  virtio: z._default(z.boolean(), false),
  virtioIso: z._default(z.boolean(), true),
  display: z.optional(displayInput),
  libvirtXml: keptXml,
  domainType: z._default(z.string().check(z.regex(/^[a-z0-9]+$/, "domainType is a libvirt driver name such as kvm or qemu")), "kvm"),
  host: z.optional(z.string()),
  os: z.optional(z.enum(WINDOWS_OS, { message: `os is one of ${WINDOWS_OS.join(", ")}` })),
  edition: z.optional(z.enum([...SERVER_EDITIONS, ...CLIENT_EDITIONS], { message: `edition is one of ${[...SERVER_EDITIONS, ...CLIENT_EDITIONS].join(", ")}` })),
  unattended: z.optional(unattendedInput),
  cloudInit: z.optional(cloudInitInput),
}).check(templateOptionsWithImportedHardware);

/** A NIC, normalized: MAC and model always set (NixVirt restarts VMs whose MAC would be random). */
export interface ModelNic {
  readonly network: string;
  readonly mac: string;
  readonly ip?: string;
  readonly model: "e1000e" | "virtio" | "rtl8139";
}

/** A VM, normalized. `active`: NixVirt's tri-state (null leaves the VM as it is). */
export interface ModelVm {
  readonly name: string;
  readonly template: "windows" | "linux";
  readonly memory: z.output<typeof size>;
  readonly vcpus: number;
  /** Pool name and volume name (as declared; the file name comes from the pool's volume). */
  readonly disk?: { readonly pool: string; readonly volume: string };
  readonly installIso?: string;
  readonly nics: readonly ModelNic[];
  readonly active: boolean | null;
  readonly uuid: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Windows only. */
  readonly nvramPath?: string;
  readonly virtio: boolean;
  readonly virtioIso: boolean;
  /** SPICE or VNC, where it listens, 3D acceleration. */
  readonly display: ModelDisplay;
  /** Imported libvirt XML elements; when there are any, the VM is written from them, not the template. */
  readonly libvirtXml: readonly XmlElement[];
  readonly domainType: string;
  /** The host that runs it; unset when the lab declares none (or several and the VM names none: reported). */
  readonly host?: string;
  /** Windows only: the release and edition (the edition defaulted when `os` is set). */
  readonly os?: WindowsOs;
  readonly edition?: string;
  /** Windows only: install from an answer file on a second CD. */
  readonly unattended?: ModelUnattended;
  /** Linux only: a cloud-init NoCloud seed CD. */
  readonly cloudInit?: ModelCloudInit;
  readonly source: SourceLocation;
}

/** Lab-wide folders VMs' relative paths resolve against. */
export interface VmDefaults {
  readonly isoDir: string;
  readonly nvramDir: string;
}

/** NIC MACs are keyed by network (and position among NICs on the same network), not by list index. */
function nicKey(nics: readonly { network: string }[], index: number): string {
  const network = nics[index]!.network;
  const same = nics.slice(0, index).filter((n) => n.network === network).length;
  return same === 0 ? network : `${network}#${same}`;
}

/** Normalize a VM: derived UUID and MACs, NIC models, ISO and NVRAM paths. */
export function normalizeVm(lab: string, input: z.output<typeof vmInput>, defaults: VmDefaults, hosts: readonly { name: string }[], source: SourceLocation): ModelVm {
  const windows = input.template === "windows";
  const host = input.host ?? defaultHost(hosts);
  const uuid = input.uuid ?? deriveUuid(lab, "vm", input.name);
  const defaultEdition = input.os === undefined ? undefined : input.os.startsWith("windows-server-") ? "standard-desktop" : "pro";
  const edition = input.edition ?? defaultEdition;
  const defaultModel = windows && !input.virtio ? "e1000e" : "virtio";
  return {
    name: input.name,
    template: input.template,
    memory: input.memory,
    vcpus: input.vcpus,
    ...(input.disk && { disk: input.disk }),
    ...(input.installIso !== undefined && {
      installIso: input.installIso.includes("/") ? input.installIso : posix.join(defaults.isoDir, input.installIso),
    }),
    nics: input.nics.map((n, i) => ({
      network: n.network,
      mac: n.mac ?? deriveMac(lab, "vm", input.name, "nic", nicKey(input.nics, i)),
      ...(n.ip !== undefined && { ip: n.ip }),
      model: windows ? (n.model ?? defaultModel) : "virtio",
    })),
    active: input.running ?? null,
    uuid,
    raw: input.raw,
    ...(windows && { nvramPath: input.nvramPath ?? posix.join(defaults.nvramDir, `${input.name}.nvram`) }),
    virtio: input.virtio,
    virtioIso: input.virtioIso,
    display: normalizeDisplay(input.display),
    libvirtXml: input.libvirtXml,
    domainType: input.domainType,
    ...(host !== undefined && { host }),
    ...(input.os !== undefined && { os: input.os }),
    ...(edition !== undefined && { edition }),
    ...(input.unattended && { unattended: normalizeUnattended(input.name, input.nics.map((n) => n.network), input.unattended) }),
    ...(input.cloudInit && { cloudInit: normalizeCloudInit({ name: input.name, uuid }, input.cloudInit) }),
    source,
  };
}
