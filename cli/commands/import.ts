import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { basename, extname, join, relative } from "node:path";
import pc from "picocolors";
import type { ImportedLab } from "../../import/declarations.js";
import { ImportError } from "../../import/errors.js";
import { readLibvirt, type LibvirtDocument } from "../../import/libvirt/read-lab.js";
import { readQuadlet, type ImportedQuadlet, type QuadletDocument } from "../../import/quadlet/read.js";
import { formatTopology } from "../../import/topology-file/format.js";
import { readPodmanInspect } from "../../import/podman/read.js";
import { dumpLibvirt } from "../../realize/libvirt-dump.js";
import { inspectContainers } from "../../realize/podman-dump.js";
import { UsageFailure } from "../../realize/failure.js";
import { writeTextFileAtomic } from "../../writer/index.js";
import { EXIT } from "../exit.js";
import { VERSION } from "../version.js";

/** Options of `homelab-gen import`. */
export interface ImportOptions {
  readonly connect?: string;
  readonly xml?: string;
  readonly quadlet?: string;
  readonly lanSubnet?: string;
  readonly podman?: boolean;
  /** With `--podman`: the containers are the invoking user's (rootless), declared with `user`. */
  readonly user?: boolean;
  readonly out: string;
  readonly name?: string;
  readonly force?: boolean;
}

/** Whether `path` is a folder; a path that cannot be looked at is an import error naming it. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    throw new ImportError(`${path}: cannot read it: ${(error as Error).message}`);
  }
}

/** The `.xml` files of a folder and of its subfolders (a subfolder named after a pool holds its volumes). */
function xmlFiles(dir: string): LibvirtDocument[] {
  const read = (path: string, pool?: string): LibvirtDocument => {
    try {
      return { origin: relative(process.cwd(), path) || path, text: readFileSync(path, "utf8"), ...(pool !== undefined && { pool }) };
    } catch (error) {
      throw new ImportError(`${path}: cannot read it: ${(error as Error).message}`);
    }
  };
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (error) {
    throw new ImportError(`${dir}: cannot read the folder: ${(error as Error).message}`);
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (isDirectory(path)) return readdirSync(path).sort().filter((f) => extname(f) === ".xml").map((f) => read(join(path, f), entry));
    return extname(entry) === ".xml" ? [read(path)] : [];
  });
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Each distinct item once, in first-seen order, with `× n` when it came n > 1 times. */
function counted(items: readonly string[]): string[] {
  const n = new Map<string, number>();
  for (const item of items) n.set(item, (n.get(item) ?? 0) + 1);
  return [...n].map(([item, count]) => (count === 1 ? item : `${item} × ${count}`));
}

/** The Quadlet files of a folder (every regular file; the reader refuses other extensions). */
function unitFiles(dir: string): QuadletDocument[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (error) {
    throw new ImportError(`${dir}: cannot read the folder: ${(error as Error).message}`);
  }
  return entries
    .filter((e) => !isDirectory(join(dir, e)))
    .map((e) => ({ origin: relative(process.cwd(), join(dir, e)) || join(dir, e), text: readFileSync(join(dir, e), "utf8") }));
}

/** `imported 4 VMs, 2 networks, 1 pool, 5 volumes; 2 elements kept as XML: ...; not imported: ...` */
export function importSummary(lab: ImportedLab): string {
  const volumes = lab.pools.reduce((n, p) => n + p.volumes.length, 0);
  const kept = [
    ...lab.networks.flatMap((n) => n.kept.map((k) => `network ${n.name} ${k.what}`)),
    ...lab.pools.flatMap((p) => [...p.kept.map((k) => `pool ${p.name} ${k.what}`), ...p.volumes.flatMap((v) => v.kept.map((k) => `volume ${p.name}/${v.name} ${k.what}`))]),
    ...lab.vms.flatMap((v) => v.kept.map((k) => `vm ${v.name} ${k.what}`)),
  ];
  const counts = [plural(lab.vms.length, "VM"), plural(lab.networks.length, "network"), plural(lab.pools.length, "pool"), plural(volumes, "volume")];
  if (lab.containers !== undefined) {
    counts.push(plural(lab.containers.length, "container"), plural(lab.podmanVolumes?.length ?? 0, "podman volume"), plural(lab.podmanNetworks?.length ?? 0, "podman network"));
  }
  const parts = [`imported ${counts.join(", ")}`];
  if (kept.length > 0) parts.push(`${plural(kept.length, "element")} kept as XML: ${kept.join("; ")}`);
  const rawKeys = (lab.containers ?? []).flatMap((c) => c.rawNotes.map((n) => `container ${c.name} ${n.split(":")[0]}`));
  if (rawKeys.length > 0) parts.push(`${plural(rawKeys.length, "key")} kept raw: ${counted(rawKeys).join("; ")}`);
  const dropped = (lab.containers ?? []).flatMap((c) => (c.notImported ?? []).map((d) => `container ${c.name}: ${d}`));
  if (dropped.length > 0) parts.push(`not imported (written as comments): ${dropped.join("; ")}`);
  if ((lab.notImportedUnits ?? []).length > 0) parts.push(`units not imported (written as comments): ${lab.notImportedUnits!.map((u) => `${u.file} (${u.why})`).join("; ")}`);
  if (lab.notImported.length > 0) parts.push(`not imported (written as comments): ${lab.notImported.map((n) => `${n.kind} ${n.name} (${n.why})`).join("; ")}`);
  return parts.join("; ");
}

/**
 * `homelab-gen import (--connect URI | --xml DIR) -o FILE`: reads libvirt's definitions and writes
 * a topology file that declares them. Nothing is written when any input is bad.
 */
export async function importCommand(opts: ImportOptions): Promise<number> {
  if (opts.connect !== undefined && opts.xml !== undefined) throw new UsageFailure("import takes --connect URI or --xml DIR, not both");
  if (opts.connect === undefined && opts.xml === undefined && opts.quadlet === undefined && !opts.podman) {
    throw new UsageFailure("import needs --connect URI, --xml DIR, --quadlet DIR or --podman");
  }
  if (opts.user && !opts.podman) throw new UsageFailure("--user goes with --podman");
  if (existsSync(opts.out) && !opts.force) throw new ImportError(`${opts.out} exists; import writes a new topology file (use --force to replace it)`);
  const docs = opts.xml !== undefined ? xmlFiles(opts.xml) : opts.connect !== undefined ? await dumpLibvirt(opts.connect, { env: process.env }) : [];
  const quadlet: Partial<ImportedQuadlet> = opts.quadlet === undefined ? {} : readQuadlet(unitFiles(opts.quadlet));
  const podman = opts.podman ? readPodmanInspect(await inspectContainers({ env: process.env }), "podman container inspect") : undefined;
  const user = opts.user ? userInfo().username : undefined;
  const podmanContainers = (podman?.containers ?? []).map((c) => (user === undefined ? c : { ...c, user }));
  const lab = {
    ...readLibvirt(docs, opts.lanSubnet !== undefined ? { lanSubnet: opts.lanSubnet } : {}),
    ...quadlet,
    ...((quadlet.containers !== undefined || podman !== undefined) && {
      containers: [...(quadlet.containers ?? []), ...podmanContainers],
      notImportedUnits: [...(quadlet.notImportedUnits ?? []), ...(podman?.notImportedUnits ?? [])],
    }),
  };
  const names = new Set<string>();
  for (const c of lab.containers ?? []) {
    if (names.has(c.name)) throw new ImportError(`container ${c.name} is both a Quadlet unit and a podman container; import them separately`);
    names.add(c.name);
  }
  const labName = opts.name ?? basename(opts.out, extname(opts.out)).replace(/[^A-Za-z0-9_.-]+/g, "-");
  const from = [
    opts.xml !== undefined && `the libvirt XML files in ${opts.xml}`,
    opts.connect !== undefined && `libvirt at ${opts.connect}`,
    opts.quadlet !== undefined && `the Quadlet files in ${opts.quadlet}`,
    opts.podman && `podman's containers${user === undefined ? "" : ` (user ${user})`}`,
  ]
    .filter(Boolean)
    .join(" and ");
  const header = [`Imported by homelab-gen ${VERSION} (homelab-gen import) from ${from}.`, "Review it: see docs/import.md (what is typed, what is kept as XML)."];
  const source = await formatTopology(labName, lab, basename(opts.out), header);
  try {
    writeTextFileAtomic(opts.out, source);
  } catch (error) {
    throw new ImportError(`${opts.out}: cannot write it: ${(error as Error).message}`);
  }
  console.log(`${pc.green("wrote")} ${opts.out}: ${importSummary(lab)}`);
  return EXIT.ok;
}
