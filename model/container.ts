import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { isIpv4, isIpv6, paddingNote } from "./ip.js";
import { defaultHost, hostUser } from "./placement.js";
import { quadletKeySince } from "./quadlet-keys.js";
import { registryReference } from "./registry-reference.js";
import { absolutePath, envName, unitAssignedValue, unitLine, unitScalar, unitWord } from "./representable.js";

const port = z.number().check(z.int(), z.gte(1, "ports are 1 to 65535"), z.lte(65535, "ports are 1 to 65535"));

const publishedPort = z.strictObject({
  host: port,
  container: port,
  protocol: z._default(z.enum(["tcp", "udp"]), "tcp"),
  hostIp: z.optional(
    z.string().check(
      z.superRefine((ip, ctx) => {
        if (!isIpv4(ip) && !isIpv6(ip)) ctx.addIssue({ code: "custom", input: ip, message: `hostIp "${ip}" is not an IPv4 or IPv6 address${paddingNote(ip)}` });
      }),
    ),
  ),
});

// Quadlet writes a mount as podman's `Volume=SOURCE:DEST:OPTIONS`: a ':' in either path splits it.
const mountPath = absolutePath.check(z.refine((p) => !p.includes(":"), "must not contain ':' (podman's Volume= separates source, destination and options with it)"));

const mount = z.union([
  z.strictObject({ volume: z.string({ message: "volume needs a handle from lab.podmanVolume(...)" }), path: mountPath, readOnly: z._default(z.boolean(), false) }),
  z.strictObject({ hostPath: mountPath, path: mountPath, readOnly: z._default(z.boolean(), false) }),
]);

const secret = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("podman-secret"), name: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "podman secret names are letters, digits, '_', '.' and '-'")) }),
  z.strictObject({ kind: z.literal("command"), argv: z.array(unitWord).check(z.minLength(1, "a secret command needs at least the program")), environmentFile: z.optional(absolutePath) }),
  z.strictObject({ kind: z.literal("env-file"), path: absolutePath }),
]);

/** Go durations, as podman's `--health-*` options take them. */
const duration = z.string().check(z.regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, 'durations look like "30s", "1m30s" or "500ms"'));

const healthCheck = z.strictObject({
  // podman's --health-cmd takes a shell line, or a JSON array for an argv.
  command: z.union([
    unitScalar,
    z.pipe(
      z.pipe(
        z.array(z.string()).check(z.minLength(1)),
        z.transform((argv) => JSON.stringify(argv)),
      ),
      unitScalar,
    ),
  ]),
  interval: z.optional(duration),
  timeout: z.optional(duration),
  startPeriod: z.optional(duration),
  retries: z.optional(z.number().check(z.int(), z.gte(1))),
});

/** podman's memory syntax: a number with an optional b, k, m or g. */
const MEMORY = /^\d+(\.\d+)?[bkmg]?$/i;

// podman has no TiB suffix: those are written as GiB.
const IN_PODMAN_UNITS: Record<string, (count: number) => string> = { B: (n) => `${n}b`, KiB: (n) => `${n}k`, MiB: (n) => `${n}m`, GiB: (n) => `${n}g`, TiB: (n) => `${n * 1024}g` };

/**
 * The least memory a container is given. podman sets no floor (pkg/specgenutil/specgen.go parses
 * `--memory` with units.RAMInBytes and checks nothing more; its e2e tests create containers with
 * `--memory=5`), but a container limited below what its runtime needs to start is OOM-killed as
 * it starts. Docker refuses less than 6 MiB for that reason (daemon/daemon_unix.go,
 * `linuxMinMemory = 6291456`): the same floor here, so the mistake shows at the user's line.
 */
const MIN_CONTAINER_BYTES = 6 * 2 ** 20;

const PODMAN_UNIT_BYTES: Record<string, number> = { "": 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** Bytes of podman memory text such as `512m` (already matched by MEMORY). */
const podmanBytes = (text: string): number => Number.parseFloat(text) * PODMAN_UNIT_BYTES[text.replace(/^[\d.]+/, "").toLowerCase()]!;

/** `gib(4)` or `"4g"`, as podman's `--memory` takes it. */
const memory = z.pipe(
  z.unknown(),
  z.transform((value, ctx) => {
    let text: string | undefined;
    if (typeof value === "object" && value !== null && "count" in value && "unit" in value) {
      const { count, unit } = value as { count: unknown; unit: unknown };
      const write = typeof unit === "string" ? IN_PODMAN_UNITS[unit] : undefined;
      if (typeof count === "number" && Number.isSafeInteger(count) && count > 0 && write) text = write(count);
    } else if (typeof value === "string" && MEMORY.test(value) && Number.parseFloat(value) > 0) {
      text = value.toLowerCase();
    }
    if (text !== undefined) {
      if (podmanBytes(text) >= MIN_CONTAINER_BYTES) return text;
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `memory "${text}" is ${podmanBytes(text)} bytes, below 6 MiB: the container would be OOM-killed while starting (a number without a unit is bytes; "512m" is 512 MiB)`,
      });
      return z.NEVER;
    }
    // zod/mini hands a transform the parse payload itself (no addIssue): the issue is pushed onto it.
    ctx.issues.push({ code: "custom", input: value, message: `memory ${JSON.stringify(value) ?? String(value)} does not parse: use gib(4) or podman's syntax such as "512m" or "4g"` });
    return z.NEVER;
  }),
);

const unitName = z.string().check(z.regex(/^[A-Za-z0-9:_.@\\-]+\.(target|service|socket|timer|path)$/, "must be a systemd unit name such as multi-user.target"));

// Sections a user may add lines to, and keys Quadlet refuses or systemd would ignore there.
const RAW_SECTIONS = ["Container", "Unit", "Service", "Install"] as const;
const FORBIDDEN_SERVICE_KEYS = new Set(["User", "Group", "DynamicUser"]);
const INSTALL_KEYS = new Set(["WantedBy", "RequiredBy", "Alias", "UpheldBy"]);

const rawLines = z.pipe(
  z.union([unitLine, z.array(unitLine)]),
  z.transform((v) => (typeof v === "string" ? [v] : v)),
);

const raw = z
  .partialRecord(z.enum(RAW_SECTIONS), z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9-]*$/, "keys are letters, digits and '-'")), rawLines))
  .check(
    z.superRefine((sections, ctx) => {
      for (const key of Object.keys(sections.Container ?? {})) {
        if (quadletKeySince("Container", key) === undefined) ctx.addIssue({ code: "custom", path: ["Container", key], message: `Quadlet has no [Container] key ${key}` });
      }
      for (const key of Object.keys(sections.Service ?? {})) {
        if (FORBIDDEN_SERVICE_KEYS.has(key)) ctx.addIssue({ code: "custom", path: ["Service", key], message: `Quadlet refuses ${key}= in [Service]; use the container's user option` });
      }
      for (const key of Object.keys(sections.Install ?? {})) {
        if (!INSTALL_KEYS.has(key)) ctx.addIssue({ code: "custom", path: ["Install", key], message: `Quadlet keeps only WantedBy, RequiredBy, Alias and UpheldBy in [Install]` });
      }
    }),
  );

/** The options of a container and their schemas (container templates share them). */
export const containerFields = {
  name: resourceName,
  image: z.union([z.strictObject({ reference: registryReference }), z.strictObject({ local: z.string({ message: "image needs a handle from lab.image(...)" }) })]),
  host: z.optional(z.string()),
  user: z.optional(hostUser),
  exec: z.optional(z.array(unitWord)),
  ports: z._default(z.array(publishedPort), []),
  volumes: z._default(z.array(mount), []),
  env: z._default(z.record(envName, unitAssignedValue), {}),
  labels: z._default(
    z.record(z.pipe(z.string().check(z.regex(/^[^=\s]+$/, "label keys are non-empty without '=' or spaces")), unitWord), unitAssignedValue),
    {},
  ),
  secrets: z._default(z.record(envName, secret), {}),
  networks: z._default(z.array(z.string({ message: "networks need handles from lab.podmanNetwork(...)" })), []),
  cpus: z.optional(z.number().check(z.positive("cpus must be greater than zero"), z.lte(1024))),
  memory: z.optional(memory),
  restart: z.optional(z.enum(["no", "always", "on-success", "on-failure", "on-abnormal", "on-abort", "on-watchdog"])),
  healthCheck: z.optional(healthCheck),
  dependsOn: z._default(z.array(z.string({ message: "dependsOn needs container handles" })), []),
  wantedBy: z.optional(z.array(unitName)),
  autoUpdate: z.optional(z.enum(["registry", "local"])),
  workingDir: z.optional(absolutePath),
  volatileTmp: z._default(z.boolean(), false),
  raw: z._default(raw, {}),
};

/** A variable set both in `env` and in `secrets`. */
export const envAndSecrets = z.superRefine((c: { env: Record<string, string>; secrets: Record<string, unknown> }, ctx) => {
  for (const name of Object.keys(c.secrets)) {
    if (name in c.env) ctx.addIssue({ code: "custom", path: ["secrets", name], message: `${name} is both in env and in secrets` });
  }
});

/** What the DSL hands over for a container. */
export const containerInput = z.strictObject(containerFields).check(envAndSecrets);

/** Where a container's image comes from. */
export type ModelImageRef = { readonly kind: "local"; readonly name: string } | { readonly kind: "registry"; readonly reference: string };

/** A secret environment variable and where its value comes from at start. */
export type ModelSecret = { readonly variable: string } & z.output<typeof secret>;

/** A container, normalized. */
export interface ModelContainer {
  readonly name: string;
  readonly image: ModelImageRef;
  /** Unset when the lab declares no host (a portable install on whatever machine runs install.sh). */
  readonly host?: string;
  /** The rootless account; unset: rootful. */
  readonly user?: string;
  readonly exec?: readonly string[];
  readonly ports: readonly z.output<typeof publishedPort>[];
  readonly mounts: readonly z.output<typeof mount>[];
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Sorted by variable. */
  readonly secrets: readonly ModelSecret[];
  readonly networks: readonly string[];
  readonly cpus?: number;
  /** podman syntax, e.g. `4g`. */
  readonly memory?: string;
  readonly restart?: string;
  readonly healthCheck?: z.output<typeof healthCheck>;
  readonly dependsOn: readonly string[];
  readonly wantedBy: readonly string[];
  readonly autoUpdate?: "registry" | "local";
  readonly workingDir?: string;
  readonly volatileTmp: boolean;
  readonly raw: Partial<Record<(typeof RAW_SECTIONS)[number], Readonly<Record<string, readonly string[]>>>>;
  readonly source: SourceLocation;
}

/** Normalize a container: image kind, boot targets by rootful/rootless, secrets in order. */
export function normalizeContainer(input: z.output<typeof containerInput>, hostNames: readonly { name: string }[], source: SourceLocation): ModelContainer {
  const { image, volumes, secrets, wantedBy, host, ...rest } = input;
  const onHost = host ?? defaultHost(hostNames);
  return {
    ...rest,
    image: "reference" in image ? { kind: "registry", reference: image.reference } : { kind: "local", name: image.local },
    ...(onHost !== undefined && { host: onHost }),
    mounts: volumes,
    secrets: Object.entries(secrets)
      .map(([variable, s]) => ({ variable, ...s }))
      .sort((a, b) => (a.variable < b.variable ? -1 : 1)),
    wantedBy: wantedBy ?? [input.user === undefined ? "multi-user.target" : "default.target"],
    source,
  };
}
