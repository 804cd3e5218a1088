import { basename, dirname, extname, posix, resolve } from "node:path";
import type { ImportedContainer, ImportedPodmanNetwork, ImportedPodmanVolume, NotImportedUnit } from "../declarations.js";
import { ImportError } from "../errors.js";
import { parseUnitFile, splitWords, UnitParseError, type UnitEntry } from "./unit-file.js";

/** One Quadlet file to import: where it came from and its text. */
export interface QuadletDocument {
  readonly origin: string;
  readonly text: string;
}

/** What reading a folder of Quadlet files gave. */
export interface ImportedQuadlet {
  readonly podmanVolumes: ImportedPodmanVolume[];
  readonly podmanNetworks: ImportedPodmanNetwork[];
  readonly containers: ImportedContainer[];
  readonly notImportedUnits: NotImportedUnit[];
}

const KINDS = [".container", ".volume", ".network", ".image", ".pod", ".kube", ".build"];

/** Values homelab-gen escapes itself: `$` and `%` would mean something else once written back. */
const plain = (s: string): boolean => !/[$%]/.test(s);

/** `NAME=value` words of an Environment= / Label= line, or undefined when one is not of that form. */
function assignments(values: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const value of values) {
    const words = splitWords(value);
    if (words === undefined) return undefined;
    for (const w of words) {
      const eq = w.indexOf("=");
      if (eq <= 0 || !plain(w)) return undefined;
      out[w.slice(0, eq)] = w.slice(eq + 1);
    }
  }
  return out;
}

const byKey = (entries: readonly UnitEntry[], section: string): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const e of entries.filter((x) => x.section === section)) m.set(e.key, [...(m.get(e.key) ?? []), e.value]);
  return m;
};

const PORT = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+):(\d+)(?:\/(tcp|udp))?$/;

/**
 * A `.container` as a DSL container. Each key is typed when every line of it fits a DSL option
 * (a relative `Volume=` source folder made absolute from the unit's folder, as quadlet reads it),
 * else all its lines are kept as written in `raw` (so repeated keys keep their order). Quadlet's
 * default container name (`systemd-%N`) and a `Description=` are kept as raw lines: the generator
 * writes its own, and the last one wins.
 */
function readContainer(name: string, entries: readonly UnitEntry[], volumes: ReadonlySet<string>, networks: ReadonlySet<string>, unitDir: string): ImportedContainer | string {
  const c = byKey(entries, "Container");
  const image = c.get("Image");
  if (image === undefined || image.length !== 1) return "it needs exactly one Image= (a Rootfs= container is not one the DSL has)";
  const raw: Record<string, Record<string, string[]>> = {};
  const notes: string[] = [];
  const keep = (section: string, key: string, values: readonly string[], why: string): void => {
    (raw[section] ??= {})[key] = [...values];
    notes.push(`${section} ${key}: ${why}`);
  };
  const out: { -readonly [K in keyof ImportedContainer]?: ImportedContainer[K] } = { name, image: image[0]!, raw, rawNotes: notes };
  for (const [key, values] of c) {
    const last = values[values.length - 1]!;
    switch (key) {
      case "Image":
        continue;
      case "ContainerName":
        if (values.length === 1 && last === name) continue;
        keep("Container", key, values, "a container name other than the unit's");
        continue;
      case "Exec": {
        const words = values.length === 1 ? splitWords(last) : undefined;
        if (words && words.length > 0 && words.every(plain)) out.exec = words;
        else keep("Container", key, values, "not a plain word list");
        continue;
      }
      case "Environment":
      case "Label": {
        const parsed = assignments(values);
        if (parsed) out[key === "Environment" ? "env" : "labels"] = parsed;
        else keep("Container", key, values, "not plain NAME=value words");
        continue;
      }
      case "PublishPort": {
        const ports = values.map((v) => PORT.exec(v));
        if (ports.every((m) => m !== null)) {
          out.ports = ports.map((m) => ({ host: Number(m![2]), container: Number(m![3]), ...(m![4] && { protocol: m![4] as "tcp" | "udp" }), ...(m![1] && { hostIp: m![1] }) }));
        } else keep("Container", key, values, "a port form the DSL lacks (range, random host port, IPv6)");
        continue;
      }
      case "Volume": {
        // Quadlet takes a relative source folder from the unit's own folder: keep meaning that folder.
        const absolute = values.map((value) => (/^\.\.?\//.test(value) ? posix.join(unitDir, value) : value));
        const mounts = absolute.map((v) => {
          const m = /^([^:]+):([^:]+)(?::(ro))?$/.exec(v);
          if (!m || !plain(v) || !m[2]!.startsWith("/")) return undefined;
          if (m[1]!.endsWith(".volume") && volumes.has(m[1]!.slice(0, -7))) return { volume: m[1]!.slice(0, -7), path: m[2]!, ...(m[3] && { readOnly: true }) };
          if (m[1]!.startsWith("/")) return { hostPath: m[1]!, path: m[2]!, ...(m[3] && { readOnly: true }) };
          return undefined;
        });
        if (mounts.every((m) => m !== undefined)) out.volumes = mounts as NonNullable<ImportedContainer["volumes"]>;
        else keep("Container", key, absolute, "a mount on a volume that is not imported, or with options the DSL lacks");
        continue;
      }
      case "Network":
        if (values.every((v) => v.endsWith(".network") && networks.has(v.slice(0, -8)))) out.networks = values.map((v) => v.slice(0, -8));
        else keep("Container", key, values, "a network that is not an imported .network unit");
        continue;
      case "AutoUpdate":
        if (values.length === 1 && (last === "registry" || last === "local")) out.autoUpdate = last;
        else keep("Container", key, values, "an AutoUpdate= value the DSL lacks");
        continue;
      case "WorkingDir":
        if (values.length === 1 && plain(last) && last.startsWith("/")) out.workingDir = last;
        else keep("Container", key, values, "not a plain absolute path");
        continue;
      case "VolatileTmp":
        if (values.length === 1 && ["true", "yes", "1", "on"].includes(last)) out.volatileTmp = true;
        else keep("Container", key, values, "not VolatileTmp=true");
        continue;
      default:
        keep("Container", key, values, "a key the DSL has no option for");
    }
  }
  // The generator's default is to enable the service (WantedBy=multi-user.target); a unit without it is not.
  if (!entries.some((e) => e.section === "Install" && e.key === "WantedBy")) out.wantedBy = [];
  if (!c.has("ContainerName")) keep("Container", "ContainerName", ["systemd-%N"], "quadlet's default container name (the generator would name it after the unit)");
  for (const section of new Set(entries.map((e) => e.section).filter((s) => s !== "Container"))) {
    for (const [key, values] of byKey(entries, section)) {
      if (section === "Service" && key === "Restart" && values.length === 1 && ["no", "always", "on-success", "on-failure", "on-abnormal", "on-abort", "on-watchdog"].includes(values[0]!)) {
        out.restart = values[0]!;
      } else if (section === "Install" && key === "WantedBy" && values.every((v) => splitWords(v)?.every(plain))) {
        out.wantedBy = values.flatMap((v) => splitWords(v)!);
      } else if (["Unit", "Service", "Install"].includes(section)) {
        keep(section, key, values, key === "Description" ? "the unit's own description" : "a key the DSL has no option for");
      } else {
        return `section [${section}] is not one a container unit has`;
      }
    }
  }
  return out as ImportedContainer;
}

/** A `.volume` or `.network`: typed when every key is one the DSL has, else not imported. */
function readSimple(kind: "volume" | "network", name: string, entries: readonly UnitEntry[]): ImportedPodmanVolume | ImportedPodmanNetwork | string {
  const section = kind === "volume" ? "Volume" : "Network";
  const other = entries.find((e) => e.section !== section);
  if (other) return `[${other.section}] ${other.key}= is not kept for podman ${kind}s (they have no raw keys)`;
  const keys = byKey(entries, section);
  const out: Record<string, unknown> = { name };
  for (const [key, values] of keys) {
    const last = values[values.length - 1]!;
    if (key === "Label") {
      const labels = assignments(values);
      if (!labels) return `Label= is not plain NAME=value words`;
      out["labels"] = labels;
    } else if (kind === "volume" && (key === "User" || key === "Group") && values.length === 1 && /^\d+$/.test(last)) {
      const owner = (out["owner"] ?? {}) as { uid?: number; gid?: number };
      out["owner"] = { ...owner, [key === "User" ? "uid" : "gid"]: Number(last) };
    } else if (kind === "network" && (key === "Subnet" || key === "Gateway") && values.length === 1 && plain(last)) {
      out[key === "Subnet" ? "subnet" : "gateway"] = last;
    } else if (kind === "network" && (key === "Internal" || key === "DisableDNS") && values.length === 1 && ["true", "yes", "1", "on"].includes(last)) {
      out[key === "Internal" ? "internal" : "disableDns"] = true;
    } else {
      return `${key}= is not a ${kind} option the DSL has`;
    }
  }
  const owner = out["owner"] as { uid?: number; gid?: number } | undefined;
  if (owner && owner.uid === undefined) return "Group= without User= is not a volume owner the DSL has";
  return out as unknown as ImportedPodmanVolume | ImportedPodmanNetwork;
}

/**
 * Read Quadlet files (`.container`, `.volume`, `.network`) into DSL-level declarations: volumes and
 * networks first, so containers refer to them as handles. Other unit kinds (`.image`, `.pod`,
 * `.kube`, `.build`) and units that cannot be declared are returned as not imported, with their
 * text. Throws an {@link ImportError} for a file that does not parse or two units with one name.
 *
 * @example
 * readQuadlet([{ origin: "web.container", text: "[Container]\nImage=docker.io/library/nginx:1.27\n" }])
 */
export function readQuadlet(docs: readonly QuadletDocument[]): ImportedQuadlet {
  const parsed = docs.map((d) => {
    const ext = extname(d.origin);
    if (!KINDS.includes(ext)) throw new ImportError(`${d.origin}: ${ext || "no extension"} is not a Quadlet unit type (${KINDS.join(", ")})`);
    try {
      return { ...d, ext, name: basename(d.origin, ext), entries: parseUnitFile(d.text) };
    } catch (error) {
      if (error instanceof UnitParseError) throw new ImportError(`${d.origin}:${error.line}: ${error.message}`);
      throw error;
    }
  });
  const seen = new Map<string, string>();
  for (const p of parsed) {
    const key = `${p.name}${p.ext}`;
    if (seen.has(key)) throw new ImportError(`${p.origin}: ${key} is also in ${seen.get(key)}`);
    seen.set(key, p.origin);
  }
  const result: ImportedQuadlet = { podmanVolumes: [], podmanNetworks: [], containers: [], notImportedUnits: [] };
  const skip = (p: (typeof parsed)[number], why: string) => result.notImportedUnits.push({ file: basename(p.origin), why, text: p.text });
  for (const p of parsed.filter((x) => x.ext === ".volume" || x.ext === ".network")) {
    const kind = p.ext === ".volume" ? "volume" : "network";
    const read = readSimple(kind, p.name, p.entries);
    if (typeof read === "string") skip(p, read);
    else if (kind === "volume") result.podmanVolumes.push(read as ImportedPodmanVolume);
    else result.podmanNetworks.push(read as ImportedPodmanNetwork);
  }
  const volumes = new Set(result.podmanVolumes.map((v) => v.name));
  const networks = new Set(result.podmanNetworks.map((n) => n.name));
  for (const p of parsed.filter((x) => x.ext === ".container")) {
    const read = readContainer(p.name, p.entries, volumes, networks, resolve(dirname(p.origin)));
    if (typeof read === "string") skip(p, read);
    else result.containers.push(read);
  }
  for (const p of parsed.filter((x) => ![".container", ".volume", ".network"].includes(x.ext))) skip(p, `${p.ext} units are not something the DSL declares`);
  return result;
}
