import { resourceName } from "../../model/common.js";
import { quoteWord, words } from "../../syntax/unit/escape.js";
import { registryReference } from "../../model/registry-reference.js";
import type { ImportedContainer, NotImportedUnit } from "../declarations.js";
import { ImportError } from "../errors.js";

/**
 * `podman container inspect` output as DSL containers. The fields read, after podman's
 * `InspectContainerData` (libpod/define/container_inspect.go): `Name`, `ImageName` (else
 * `Config.Image`), `Config.Cmd`, `Config.Entrypoint`, `Config.User`, `Config.WorkingDir`,
 * `Config.Env`, `Config.Labels`, `Mounts`, `HostConfig.PortBindings`, `HostConfig.RestartPolicy`,
 * the host namespaces and privileges of `HostConfig` (`NetworkMode`, `PidMode`, `IpcMode`,
 * `Privileged`, `CapAdd`, `CapDrop`) and the networks joined (`NetworkSettings.Networks`).
 * `HostConfig.AutoRemove` needs nothing: Quadlet runs every container with `--rm`.
 */
interface Inspected {
  readonly Name?: string;
  readonly ImageName?: string;
  readonly Config?: {
    readonly Image?: string;
    readonly Cmd?: readonly string[] | null;
    /** A list since podman 5; a string of space-separated words before (podman splits it so itself). */
    readonly Entrypoint?: string | readonly string[] | null;
    readonly User?: string;
    readonly WorkingDir?: string;
    readonly Env?: readonly string[] | null;
    readonly Labels?: Readonly<Record<string, string>> | null;
  };
  readonly Mounts?: readonly { readonly Type?: string; readonly Name?: string; readonly Source?: string; readonly Destination?: string; readonly RW?: boolean }[] | null;
  readonly HostConfig?: {
    readonly PortBindings?: Readonly<Record<string, readonly { readonly HostIp?: string; readonly HostPort?: string }[] | null>> | null;
    readonly RestartPolicy?: { readonly Name?: string } | null;
    readonly NetworkMode?: string;
    readonly PidMode?: string;
    readonly IpcMode?: string;
    readonly Privileged?: boolean;
    readonly CapAdd?: readonly string[] | null;
    readonly CapDrop?: readonly string[] | null;
  };
  readonly NetworkSettings?: { readonly Networks?: Readonly<Record<string, unknown>> | null } | null;
}

/** Network modes that are podman's own default (a bridge for rootful, slirp4netns or pasta for rootless). */
const DEFAULT_NETWORK = new Set(["", "bridge", "default", "private", "slirp4netns", "pasta"]);
/** The network a rootful container joins by default: joining it needs no line. */
const DEFAULT_NETWORK_NAME = "podman";

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
  readRuntime(c, rawLine, dropped);
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
  const workingDir = c.Config?.WorkingDir ?? "";
  if (workingDir.startsWith("/") && workingDir !== "/" && plain(workingDir)) out.workingDir = workingDir;
  return out as ImportedContainer;
}

/**
 * What the container runs as and with: its entrypoint and user (as podman reports them: the
 * image's own unless they were set when it was created, so they are kept either way), host
 * namespaces, privileges, capabilities and networks, as raw Quadlet lines of podman 4.4.
 */
function readRuntime(c: Inspected, rawLine: (key: string, value: string, why: string) => void, dropped: string[]): void {
  const config = c.Config ?? {};
  const host = c.HostConfig ?? {};
  const entrypoint = typeof config.Entrypoint === "string" ? config.Entrypoint.split(" ").filter((w) => w !== "") : (config.Entrypoint ?? []);
  if (entrypoint.length > 0) {
    if (entrypoint.every(plain)) rawLine("PodmanArgs", words([`--entrypoint=${JSON.stringify(entrypoint)}`]), "the entrypoint podman reports (the image's own unless set with --entrypoint)");
    else dropped.push(`entrypoint ${JSON.stringify(entrypoint)} is not imported: it holds $ or %`);
  }
  const user = config.User ?? "";
  if (user !== "" && plain(user)) rawLine("User", quoteWord(user), "the user podman reports (the image's own unless set with --user)");
  if (host.Privileged === true) rawLine("PodmanArgs", "--privileged", "a privileged container (podman --privileged)");
  for (const [mode, flag] of [
    [host.PidMode, "--pid"],
    [host.IpcMode, "--ipc"],
  ] as const) {
    if (mode === "host") rawLine("PodmanArgs", `${flag}=host`, `the host's ${flag === "--pid" ? "process" : "IPC"} namespace (podman ${flag}=host)`);
  }
  for (const cap of host.CapAdd ?? []) rawLine("AddCapability", quoteWord(cap), "a capability added (podman --cap-add)");
  for (const cap of host.CapDrop ?? []) rawLine("DropCapability", quoteWord(cap), "a capability dropped (podman --cap-drop)");
  const network = host.NetworkMode ?? "";
  if (network === "host" || network === "none") rawLine("Network", network, `podman --network=${network}`);
  else if (!DEFAULT_NETWORK.has(network)) dropped.push(`network mode ${network} is not imported: another container's or a namespace's network`);
  for (const name of Object.keys(c.NetworkSettings?.Networks ?? {}).sort()) {
    if (name !== DEFAULT_NETWORK_NAME && network !== "host") rawLine("Network", quoteWord(name), "an existing podman network, joined by name (not a Quadlet .network)");
  }
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
