import { resourceName } from "../../model/common.js";
import { registryReference } from "../../model/registry-reference.js";
import type { ImportedContainer, NotImportedUnit } from "../declarations.js";
import { ImportError } from "../errors.js";

/**
 * `podman container inspect` output as DSL containers. The fields read, after podman's
 * `InspectContainerData` (libpod/define/container_inspect.go): `Name`, `ImageName` (else
 * `Config.Image`), `Config.Cmd`, `Config.Env`, `Config.Labels`, `Mounts`,
 * `HostConfig.PortBindings`, `HostConfig.RestartPolicy`; others are not looked at.
 */
interface Inspected {
  readonly Name?: string;
  readonly ImageName?: string;
  readonly Config?: { readonly Image?: string; readonly Cmd?: readonly string[] | null; readonly Env?: readonly string[] | null; readonly Labels?: Readonly<Record<string, string>> | null };
  readonly Mounts?: readonly { readonly Type?: string; readonly Name?: string; readonly Source?: string; readonly Destination?: string; readonly RW?: boolean }[] | null;
  readonly HostConfig?: {
    readonly PortBindings?: Readonly<Record<string, readonly { readonly HostIp?: string; readonly HostPort?: string }[] | null>> | null;
    readonly RestartPolicy?: { readonly Name?: string } | null;
  };
}

/** Variables podman or every image sets by itself: importing them would pin the image's values. */
const CONTAINER_ENV = new Set(["PATH", "TERM", "container", "HOME", "HOSTNAME"]);

/** podman's restart policies that mean the same as a systemd `Restart=` value. */
const RESTART: Readonly<Record<string, string>> = { always: "always", "on-failure": "on-failure", "unless-stopped": "always" };

const plain = (s: string): boolean => !/[$%]/.test(s);

/** One inspected container: the DSL container, with notes for what could not be carried. */
function readOne(c: Inspected): ImportedContainer | NotImportedUnit {
  const name = c.Name ?? "";
  const skip = (why: string): NotImportedUnit => ({ file: `container ${name || "(no name)"}`, why, text: JSON.stringify(c, null, 2) });
  if (!resourceName.safeParse(name).success) return skip("its name is not a resource name the DSL takes");
  const image = c.ImageName ?? c.Config?.Image;
  if (image === undefined || !registryReference.safeParse(image).success) return skip(`its image ${JSON.stringify(image)} is not a fully qualified reference`);
  const raw: Record<string, Record<string, string[]>> = {};
  const notes: string[] = [];
  const rawLine = (key: string, value: string, why: string) => {
    ((raw["Container"] ??= {})[key] ??= []).push(value);
    notes.push(`Container ${key}: ${why}`);
  };
  const dropped: string[] = [];
  const out: { -readonly [K in keyof ImportedContainer]?: ImportedContainer[K] } = { name, image, raw, rawNotes: notes, notImported: dropped, wantedBy: [] };
  const cmd = c.Config?.Cmd ?? [];
  if (cmd.length > 0 && cmd.every((w) => w !== "" && plain(w))) out.exec = [...cmd];
  const env = Object.fromEntries(
    (c.Config?.Env ?? []).flatMap((e) => {
      const eq = e.indexOf("=");
      return eq > 0 && !CONTAINER_ENV.has(e.slice(0, eq)) && plain(e) ? [[e.slice(0, eq), e.slice(eq + 1)]] : [];
    }),
  );
  if (Object.keys(env).length > 0) out.env = env;
  const labels = Object.fromEntries(Object.entries(c.Config?.Labels ?? {}).filter(([k, v]) => plain(k) && plain(v)));
  if (Object.keys(labels).length > 0) out.labels = labels;
  const mounts: NonNullable<ImportedContainer["volumes"]>[number][] = [];
  for (const m of c.Mounts ?? []) {
    const readOnly = m.RW === false ? { readOnly: true } : {};
    if (m.Type === "bind" && m.Source?.startsWith("/") && m.Destination?.startsWith("/") && plain(m.Source)) mounts.push({ hostPath: m.Source, path: m.Destination, ...readOnly });
    else if (m.Type === "volume" && m.Name && m.Destination?.startsWith("/")) rawLine("Volume", `${m.Name}:${m.Destination}${m.RW === false ? ":ro" : ""}`, "a podman named volume that is not a Quadlet .volume");
    else dropped.push(`mount ${m.Source ?? "?"} on ${m.Destination ?? "?"} (type ${m.Type ?? "?"}) is not imported: not a host folder or a named volume`);
  }
  if (mounts.length > 0) out.volumes = mounts;
  const ports: NonNullable<ImportedContainer["ports"]>[number][] = [];
  for (const [spec, bindings] of Object.entries(c.HostConfig?.PortBindings ?? {})) {
    const [container, protocol] = spec.split("/");
    for (const b of bindings ?? []) {
      const host = Number(b.HostPort);
      if (!Number.isInteger(host) || host <= 0 || !/^\d+$/.test(container ?? "") || (protocol !== undefined && protocol !== "tcp" && protocol !== "udp")) {
        dropped.push(`published port ${spec} -> ${b.HostIp ?? ""}:${b.HostPort ?? ""} is not imported: not a single port`);
        continue;
      }
      ports.push({ host, container: Number(container), ...(protocol === "udp" && { protocol: "udp" as const }), ...(b.HostIp && b.HostIp !== "0.0.0.0" && b.HostIp !== "" && { hostIp: b.HostIp }) });
    }
  }
  if (ports.length > 0) out.ports = ports;
  const restart = RESTART[c.HostConfig?.RestartPolicy?.Name ?? ""];
  if (restart !== undefined) out.restart = restart;
  return out as ImportedContainer;
}

/**
 * The containers of `podman container inspect` JSON (an array). Throws an {@link ImportError}
 * naming `origin` when it is not that JSON, or two containers share a name.
 *
 * @example
 * readPodmanInspect(await readFile("inspect.json", "utf8"), "inspect.json")
 */
export function readPodmanInspect(json: string, origin: string): { containers: ImportedContainer[]; notImportedUnits: NotImportedUnit[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ImportError(`${origin}: not podman inspect JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data) || data.some((c) => typeof c !== "object" || c === null)) throw new ImportError(`${origin}: not podman inspect JSON (an array of containers)`);
  const containers: ImportedContainer[] = [];
  const notImportedUnits: NotImportedUnit[] = [];
  for (const c of data as Inspected[]) {
    const read = readOne(c);
    if ("why" in read) notImportedUnits.push(read);
    else if (containers.some((x) => x.name === read.name)) throw new ImportError(`${origin}: two containers are named ${read.name}`);
    else containers.push(read);
  }
  return { containers, notImportedUnits };
}
