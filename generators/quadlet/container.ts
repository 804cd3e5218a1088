import type { ModelContainer, ModelSecret } from "../../model/container.js";
import { localImageName } from "../../model/image.js";
import type { Model } from "../../model/model.js";
import { podmanOn } from "../../model/podman.js";
import { atLeast, type PodmanVersion } from "../../model/podman-version.js";
import { envAssignment, labelAssignment, quoteWord, words } from "../../syntax/unit/escape.js";
import { unitFile, type UnitEntry, type UnitSection } from "../../syntax/unit/unit-file.js";
import { headerLines } from "../header.js";
import { SERVICE_PATH } from "../unit-path.js";
import { SECRET_SCRIPT, scriptPath } from "../scripts.js";
import { archivePlaceholder } from "./archive.js";
import { imageDelivery, loadsBeforeStart, type ImageDelivery } from "./image-delivery.js";
import { quadletKey } from "./keys.js";
import { podmanArg, systemdValue } from "../unit-values.js";

/** Where command secrets are written for podman's `--env-file`: a runtime directory systemd empties on stop. */
const secretsDir = (c: ModelContainer): string => `${c.name}-secrets`;

const START_SECRETS = 'umask 077; : > "$RUNTIME_DIRECTORY/secrets.env"';
// podman has read the file once the container runs: do not keep secrets on disk longer.
const DROP_SECRETS = 'rm -f "$RUNTIME_DIRECTORY/secrets.env"';
const LOAD_IMAGE = 'exec podman load --quiet --input "$1"';
const LOAD_STREAM = '"$1" | podman load --quiet';

const shell = (script: string, ...args: string[]): string => words(["/bin/sh", "-c", script, "sh", ...args]);

/** `[Container]`: image, command, ports, mounts, environment, secrets, health, limits, raw lines. */
function containerSection(c: ModelContainer, delivery: ImageDelivery, target: PodmanVersion): UnitEntry[] {
  const key = (k: string, value: string) => quadletKey("Container", k, value, target);
  const local = delivery.kind !== "registry";
  const image = delivery.kind === "registry" ? delivery.reference : delivery.kind === "image-unit" ? `${delivery.image.name}.image` : localImageName(delivery.image);
  const pullNever = local && atLeast(target, "4.6");
  const memoryKey = c.memory !== undefined && atLeast(target, "5.5");
  const podmanArgs = [
    ...(c.cpus !== undefined ? [`--cpus=${c.cpus}`] : []),
    ...(c.memory !== undefined && !memoryKey ? [`--memory=${c.memory}`] : []),
    // Before Pull= (4.6) the same request is a podman flag: never look for a local image in a registry.
    ...(local && !pullNever ? ["--pull=never"] : []),
  ];
  const health = c.healthCheck;
  const entries: (UnitEntry | undefined)[] = [
    key("ContainerName", podmanArg(c.name)),
    key("Image", podmanArg(image)),
    pullNever ? key("Pull", "never") : undefined,
    c.exec && key("Exec", words(c.exec)),
    ...c.ports.map((p) => key("PublishPort", podmanArg(`${p.hostIp === undefined ? "" : p.hostIp.includes(":") ? `[${p.hostIp}]:` : `${p.hostIp}:`}${p.host}:${p.container}/${p.protocol}`))),
    ...c.mounts.map((m) => key("Volume", podmanArg(`${"volume" in m ? `${m.volume}.volume` : m.hostPath}:${m.path}${m.readOnly ? ":ro" : ""}`))),
    ...c.networks.map((n) => key("Network", podmanArg(`${n}.network`))),
    ...Object.entries(c.env).map(([name, value]) => key("Environment", envAssignment(name, value))),
    ...envFiles(c).map((file) => key("EnvironmentFile", file)),
    ...c.secrets.filter((s) => s.kind === "podman-secret").map((s) => key("Secret", quoteWord(`${s.name},type=env,target=${s.variable}`))),
    ...Object.entries(c.labels).map(([name, value]) => key("Label", labelAssignment(name, value))),
    health && key("HealthCmd", podmanArg(health.command)),
    health?.interval !== undefined ? key("HealthInterval", podmanArg(health.interval)) : undefined,
    health?.timeout !== undefined ? key("HealthTimeout", podmanArg(health.timeout)) : undefined,
    health?.startPeriod !== undefined ? key("HealthStartPeriod", podmanArg(health.startPeriod)) : undefined,
    health?.retries !== undefined ? key("HealthRetries", String(health.retries)) : undefined,
    c.autoUpdate && key("AutoUpdate", c.autoUpdate),
    c.workingDir !== undefined ? key("WorkingDir", podmanArg(c.workingDir)) : undefined,
    c.volatileTmp ? key("VolatileTmp", "true") : undefined,
    memoryKey ? key("Memory", podmanArg(c.memory!)) : undefined,
    podmanArgs.length > 0 ? key("PodmanArgs", words(podmanArgs)) : undefined,
    ...rawLines(c, "Container").map(([k, v]) => key(k, v)),
  ];
  return entries.filter((e): e is UnitEntry => e !== undefined);
}

/** Env files podman reads: the user's, then the one command secrets are written to. */
function envFiles(c: ModelContainer): string[] {
  const files = c.secrets.flatMap((s) => (s.kind === "env-file" ? [quoteWord(s.path)] : []));
  // `%t` is the runtime directory root of the unit's manager; RuntimeDirectory= below lives there.
  if (commandSecrets(c).length > 0) files.push(`%t/${quoteWord(`${secretsDir(c)}/secrets.env`)}`);
  return [...new Set(files)];
}

const commandSecrets = (c: ModelContainer): Extract<ModelSecret, { kind: "command" }>[] =>
  c.secrets.filter((s): s is Extract<ModelSecret, { kind: "command" }> => s.kind === "command");

/** `[Service]`: restart policy, the image load step, secret commands, raw lines. */
function serviceSection(model: Model, c: ModelContainer, delivery: ImageDelivery, portable: boolean): UnitEntry[] {
  const secrets = commandSecrets(c);
  const runsCommands = secrets.length > 0 || loadsBeforeStart(delivery);
  const entries: UnitEntry[] = [];
  if (c.restart !== undefined) entries.push(["Restart", c.restart]);
  if (runsCommands) entries.push(["Environment", envAssignment("PATH", SERVICE_PATH, { variables: false })]);
  for (const file of [...new Set(secrets.flatMap((s) => (s.environmentFile === undefined ? [] : [s.environmentFile])))]) {
    entries.push(["EnvironmentFile", systemdValue(file)]);
  }
  if (loadsBeforeStart(delivery)) {
    entries.push(["ExecStartPre", shell(delivery.kind === "load-step" ? LOAD_IMAGE : LOAD_STREAM, archivePlaceholder(delivery.image.name))]);
  }
  if (secrets.length > 0) {
    entries.push(["RuntimeDirectory", systemdValue(secretsDir(c))], ["RuntimeDirectoryMode", "0700"]);
    entries.push(["ExecStartPre", shell(START_SECRETS)]);
    const append = scriptPath(model, SECRET_SCRIPT, portable);
    for (const s of secrets) entries.push(["ExecStartPre", words(["/bin/sh", append, s.variable, ...s.argv])]);
    entries.push(["ExecStartPost", shell(DROP_SECRETS)]);
  }
  return [...entries, ...rawLines(c, "Service")];
}

const rawLines = (c: ModelContainer, section: keyof ModelContainer["raw"]): [string, string][] =>
  Object.entries(c.raw[section] ?? {}).flatMap(([key, values]) => values.map((v): [string, string] => [key, v]));

/** The sections of `<name>.container`. */
function containerSections(model: Model, c: ModelContainer, portable: boolean): UnitSection[] {
  const delivery = imageDelivery(model, c, portable);
  const target = podmanOn(model.hosts, c.host).version;
  // Quadlet before 5.5 passes Requires=x.container through unchanged: name the service.
  const unit: UnitEntry[] = [
    ["Description", systemdValue(`${c.name} (homelab-gen container)`)],
    ...c.dependsOn.flatMap((d): UnitEntry[] => [["Requires", systemdValue(`${d}.service`)], ["After", systemdValue(`${d}.service`)]]),
    ...rawLines(c, "Unit"),
  ];
  const install: UnitEntry[] = [...c.wantedBy.map((t): UnitEntry => ["WantedBy", systemdValue(t)]), ...rawLines(c, "Install")];
  const service = serviceSection(model, c, delivery, portable);
  return [
    { name: "Unit", entries: unit },
    { name: "Container", entries: containerSection(c, delivery, target) },
    ...(service.length > 0 ? [{ name: "Service", entries: service }] : []),
    ...(install.length > 0 ? [{ name: "Install", entries: install }] : []),
  ];
}

/** `quadlet/<name>.container`. */
export const containerUnit = (model: Model, c: ModelContainer, portable: boolean): string =>
  unitFile(containerSections(model, c, portable), headerLines(model, { portable }));
