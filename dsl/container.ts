import type { Host } from "./host.js";
import type { Image } from "./image.js";
import type { PodmanNetwork } from "./podman-network.js";
import type { PodmanVolume } from "./podman-volume.js";
import { Resource, refName } from "./resource.js";
import type { Secret } from "./secret.js";
import type { Size } from "./units.js";

/**
 * A host port forwarded into the container.
 *
 * @example
 * ports: [{ host: 8443, container: 443, hostIp: "127.0.0.1" }, { host: 53, container: 53, protocol: "udp" }]
 */
export interface PublishedPort {
  /** Port on the host. */
  readonly host: number;
  /** Port in the container. */
  readonly container: number;
  /** Default `"tcp"`. */
  readonly protocol?: "tcp" | "udp";
  /** Host address to bind, e.g. `"127.0.0.1"`; all addresses when omitted. */
  readonly hostIp?: string;
}

/**
 * A mount of a named volume or a host directory.
 *
 * @example
 * volumes: [{ volume: data, path: "/var/lib/app" }, { hostPath: "/srv/media", path: "/media", readOnly: true }]
 */
export type Mount =
  | { readonly volume: PodmanVolume; readonly path: string; readonly readOnly?: boolean }
  | { readonly hostPath: string; readonly path: string; readonly readOnly?: boolean };

/**
 * A health check run inside the container (podman 4.5: Quadlet `Health*` keys).
 *
 * @example
 * healthCheck: { command: ["curl", "-f", "http://localhost/"], interval: "30s", retries: 3 }
 */
export interface HealthCheck {
  /** A command line run by the container's shell, or an argv run directly. */
  readonly command: string | readonly string[];
  /** Go durations such as `"30s"` or `"1m30s"`. */
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  /** Failures in a row before the container is unhealthy. */
  readonly retries?: number;
}

/**
 * systemd's `Restart=` policies.
 *
 * @example
 * restart: "on-failure"
 */
export type RestartPolicy = "no" | "always" | "on-success" | "on-failure" | "on-abnormal" | "on-abort" | "on-watchdog";

/**
 * Escape hatch: extra lines per section (`Container`, `Unit`, `Service`, `Install`), written as
 * given, after the generated ones. You quote and escape the values; keys are checked against the
 * host's podman version.
 *
 * @example
 * raw: { Container: { AddCapability: ["NET_ADMIN", "NET_RAW"] }, Service: { TimeoutStartSec: "900" } }
 */
export type RawUnitKeys = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * Options of a container run by Podman Quadlet.
 *
 * @example
 * { image: "docker.io/library/nginx:1.27", user: "web", ports: [{ host: 8080, container: 80 }], restart: "always" }
 */
export interface ContainerProps {
  /** A Nix-built image (`lab.image(...)`) or a fully qualified reference such as `"docker.io/library/nginx:1.27"`. */
  readonly image: Image | string;
  /** The host it runs on; may be omitted when the lab declares at most one host. */
  readonly host?: Host;
  /** Run rootless as this host account (its own podman storage and systemd user manager); rootful when omitted. */
  readonly user?: string;
  /** Command (arguments of the image's entrypoint), replacing the image's `Cmd`. */
  readonly exec?: readonly string[];
  /** Host ports forwarded into the container. */
  readonly ports?: readonly PublishedPort[];
  /** Named volumes and bind mounts. */
  readonly volumes?: readonly Mount[];
  /** Environment variables (written into the unit: no secrets here, see `secrets`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Container labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Secret environment variables, resolved when the container starts; see `podmanSecret`, `secretFromCommand`, `opRead`. */
  readonly secrets?: Readonly<Record<string, Secret>>;
  /** Podman networks to attach; podman's default network when omitted. */
  readonly networks?: readonly PodmanNetwork[];
  /** CPU limit in cores, e.g. `2` or `0.5`. */
  readonly cpus?: number;
  /** Memory limit: `gib(4)`, or podman's syntax such as `"512m"`. */
  readonly memory?: Size | string;
  /** What systemd does when the container exits. */
  readonly restart?: RestartPolicy;
  readonly healthCheck?: HealthCheck;
  /** Containers that must run first (same host and user); they become `Requires=`/`After=` of their services. */
  readonly dependsOn?: readonly Container[];
  /** Targets that start it at boot; default `multi-user.target` (rootful) or `default.target` (rootless). `[]`: started by hand. */
  readonly wantedBy?: readonly string[];
  /** `podman auto-update` policy (podman 4.6). */
  readonly autoUpdate?: "registry" | "local";
  /** Working directory inside the container (podman 4.6). */
  readonly workingDir?: string;
  /** Mount a fresh tmpfs on `/tmp`. */
  readonly volatileTmp?: boolean;
  /** Extra unit lines. @example { raw: { Container: { AddCapability: "NET_ADMIN" } } } */
  readonly raw?: RawUnitKeys;
}

/**
 * A container run by systemd through Podman Quadlet (`quadlet/<name>.container`). Create it with
 * `lab.container(...)`.
 *
 * @example
 * myLab.container("web", {
 *   image: "docker.io/library/nginx:1.27",
 *   ports: [{ host: 8080, container: 80 }],
 *   memory: gib(1),
 *   restart: "always",
 * });
 */
export class Container extends Resource<"container"> {
  /** @internal Use `lab.container(...)`. */
  constructor(
    name: string,
    readonly props: ContainerProps,
  ) {
    super("container", name);
  }

  toSpec(): Record<string, unknown> {
    const { image, host, volumes, networks, dependsOn, ...rest } = this.props;
    return {
      name: this.name,
      ...rest,
      image: typeof image === "string" ? { reference: image } : { local: refName(image) },
      host: refName(host),
      volumes: volumes?.map((m) => ("volume" in m ? { ...m, volume: refName(m.volume) } : m)),
      networks: networks?.map((n) => refName(n)),
      dependsOn: dependsOn?.map((c) => refName(c)),
    };
  }
}
