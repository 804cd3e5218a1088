import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { hostPath, resourceName, size } from "./common.js";
import { deriveUuid } from "./ids.js";
import { keptXml } from "./kept-xml.js";
import type { XmlElement } from "../syntax/xml/ast.js";
import { defaultHost } from "./placement.js";

/** What the DSL hands over for a pool. */
export const poolInput = z.strictObject({
  name: resourceName,
  type: z.literal("dir"),
  path: hostPath,
  uuid: z.optional(z.string()),
  active: z._default(z.boolean(), true),
  libvirtXml: keptXml,
  host: z.optional(z.string()),
});

/** What the DSL hands over for a volume. */
export const volumeInput = z.strictObject({
  name: resourceName,
  pool: z.string(),
  capacity: size,
  format: z._default(z.enum(["qcow2", "raw"]), "qcow2"),
  backing: z.optional(z.string()),
  fileName: z.optional(z.string().check(z.refine((s) => s !== "" && s !== "." && s !== ".." && !s.includes("/") && !s.includes("\0"), { message: "fileName must be a file name (no '/')" }))),
  libvirtXml: keptXml,
});

/** A volume, normalized. `fileName` is the libvirt volume name, `<name>.<format>`. */
export interface ModelVolume {
  readonly name: string;
  readonly pool: string;
  readonly fileName: string;
  readonly capacity: z.output<typeof size>;
  readonly format: "qcow2" | "raw";
  /** File name of the backing volume in the same pool. */
  readonly backing?: string;
  /** Imported libvirt XML elements that replace or extend the generated ones. */
  readonly libvirtXml: readonly XmlElement[];
  readonly source: SourceLocation;
}

/** A directory pool with its volumes, normalized. */
export interface ModelPool {
  readonly name: string;
  readonly type: "dir";
  readonly path: string;
  readonly uuid: string;
  readonly active: boolean;
  readonly volumes: readonly ModelVolume[];
  /** Imported libvirt XML elements that replace or extend the generated ones. */
  readonly libvirtXml: readonly XmlElement[];
  /** The host holding it; unset when the lab declares none (or several and the pool names none: reported). */
  readonly host?: string;
  readonly source: SourceLocation;
}

/** Normalize a pool (volumes are attached by the model builder). */
export function normalizePool(lab: string, input: z.output<typeof poolInput>, hosts: readonly { name: string }[], source: SourceLocation): ModelPool {
  const host = input.host ?? defaultHost(hosts);
  return {
    name: input.name,
    type: input.type,
    path: input.path.replace(/\/+$/, "") || "/",
    uuid: input.uuid ?? deriveUuid(lab, "pool", input.name),
    active: input.active,
    volumes: [],
    libvirtXml: input.libvirtXml,
    ...(host !== undefined && { host }),
    source,
  };
}

/** Normalize a volume. */
export const normalizeVolume = (input: z.output<typeof volumeInput>, source: SourceLocation): ModelVolume => ({
  name: input.name,
  pool: input.pool,
  fileName: input.fileName ?? `${input.name}.${input.format}`,
  capacity: input.capacity,
  format: input.format,
  ...(input.backing !== undefined && { backing: input.backing }),
  libvirtXml: input.libvirtXml,
  source,
});
