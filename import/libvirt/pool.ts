import { poolXml } from "../../generators/libvirt/pool.js";
import { volumeXml } from "../../generators/libvirt/volume.js";
import { resourceName } from "../../model/common.js";
import { normalizePool as modelPool, normalizeVolume as modelVolume, poolInput, volumeInput, type ModelPool } from "../../model/pool.js";
import { printElement, type XmlElement } from "../../syntax/xml/index.js";
import type { ImportedPool, ImportedVolume, NotImported } from "../declarations.js";
import { keptDifferences } from "./kept-diff.js";
import { normalizePool, normalizeVolume } from "./normalize.js";
import { sizeInBytes, sizeOf } from "./sizes.js";
import { attr, child, text, uuidOf } from "./xml-access.js";

const NO_SOURCE = { file: "<import>", line: 0, column: 0 };

/** A DSL resource name for a libvirt volume name: without a disk image extension, cleaned, unique in its pool. */
export function volumeDeclName(fileName: string, taken: ReadonlySet<string>): string {
  const stem = fileName.replace(/\.(qcow2|raw|img)$/i, "") || fileName;
  const base = resourceName.safeParse(stem).success ? stem : stem.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").replace(/\.\.+/g, ".").slice(0, 60) || "volume";
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * A directory pool as a DSL pool (name, UUID, folder), other elements kept as XML; any other pool
 * type is returned as not imported. Its volumes are read by {@link readVolume}.
 *
 * @example
 * readPool(parseXml(xmlText))
 */
export function readPool(xml: XmlElement): Omit<ImportedPool, "volumes"> | NotImported {
  const name = text(child(xml, "name")) ?? "";
  const path = text(child(child(xml, "target"), "path"));
  const why = attr(xml, "type") !== "dir" ? `pool type ${attr(xml, "type")} is not one the DSL has (dir)` : path === undefined ? "it has no target path" : undefined;
  if (why !== undefined) return { kind: "pool", name, why, xml: printElement(xml) };
  const uuid = uuidOf(xml);
  const props = { path: path!, ...(uuid !== undefined && { uuid }) };
  const parsed = poolInput.safeParse({ name, type: "dir", ...props });
  if (!parsed.success) return { kind: "pool", name, why: parsed.error.issues.map((i) => i.message).join("; "), xml: printElement(xml) };
  return { name, props, kept: keptDifferences(xml, poolXml(modelPool("import", parsed.data, [], NO_SOURCE)), normalizePool, new Set(["name"])) };
}

/**
 * A volume of an imported pool: file name, capacity, format (qcow2 or raw), backing volume in the
 * same pool; other elements kept as XML. `pool` holds the volumes read so far (for backing files).
 *
 * @example
 * readVolume(parseXml(xmlText), pool, new Map())
 */
export function readVolume(xml: XmlElement, pool: ModelPool, byPath: ReadonlyMap<string, ImportedVolume>, taken: ReadonlySet<string>): ImportedVolume | NotImported {
  const fileName = text(child(xml, "name")) ?? "";
  const fail = (why: string): NotImported => ({ kind: "volume", name: `${pool.name}/${fileName}`, why, xml: printElement(xml) });
  const format = attr(child(child(xml, "target"), "format"), "type") ?? "raw";
  if (format !== "qcow2" && format !== "raw") return fail(`format ${format} is not one the DSL has (qcow2, raw)`);
  const capacity = child(xml, "capacity");
  const bytes = capacity && sizeInBytes(text(capacity) ?? "", attr(capacity, "unit") ?? "B");
  if (bytes === undefined || bytes <= 0) return fail("its capacity is missing or not a size libvirt takes");
  const backingPath = text(child(child(xml, "backingStore"), "path"));
  const backing = backingPath === undefined ? undefined : byPath.get(backingPath);
  if (backingPath !== undefined && backing === undefined) return fail(`its backing file ${backingPath} is not a volume of pool ${pool.name} read before it`);
  const name = volumeDeclName(fileName, taken);
  const volume: Omit<ImportedVolume, "kept"> = {
    name,
    ...(fileName !== `${name}.${format}` && { fileName }),
    capacity: sizeOf(bytes),
    format,
    ...(backing && { backing: backing.name }),
  };
  const parsed = volumeInput.safeParse({ ...volume, pool: pool.name });
  if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message).join("; "));
  const model = modelVolume(parsed.data, NO_SOURCE);
  const backingModel = backing && { ...model, name: backing.name, fileName: backing.fileName ?? `${backing.name}.${backing.format}`, format: backing.format };
  const generated = volumeXml({ ...pool, volumes: backingModel ? [backingModel] : [] }, model);
  return { ...volume, kept: keptDifferences(xml, generated, normalizeVolume, new Set(["name"])) };
}
