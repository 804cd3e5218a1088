import type { ContainerProps } from "./container.js";
import { Resource, refName } from "./resource.js";

/**
 * The placeholders of a template string: `{name}` is the container's name (chosen at `create`),
 * `{user}` the account that created it.
 *
 * @example
 * env: { CONTAINER_NAME: "{name}", TS_TAGS: "tag:devcontainer,tag:{user}-container" }
 */
export type TemplatePlaceholder = "name" | "user";

declare const placeholderError: unique symbol;

type CheckText<S extends string, All extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P extends TemplatePlaceholder
    ? CheckText<Rest, All>
    : All & { readonly [placeholderError]: `{${P}} is not a placeholder: use {name} or {user}` }
  : All;

/**
 * A string of a container template: `S` itself when every `{...}` in it is `{name}` or `{user}`,
 * otherwise `S` branded with a message naming the first other placeholder, which no plain string
 * matches (so the editor reports it with the message).
 *
 * @example
 * const ok: TemplateText<"{name}-data"> = "{name}-data";
 * // const bad: TemplateText<"{host}-data"> = "{host}-data"; // error: unknown placeholder {host}
 */
export type TemplateText<S extends string> = string extends S ? string : CheckText<S, S>;

type CheckTexts<T> = { readonly [K in keyof T]: T[K] extends string ? TemplateText<T[K]> : T[K] };

/**
 * The part of the options whose strings hold placeholders, checked by {@link TemplateText}.
 * `containerTemplate` intersects its argument with this, so a typo is a type error at its line.
 *
 * @example
 * // env: { HOST: "{hostname}" } in lab.containerTemplate(...) is a type error
 */
export type CheckedTemplateProps<P extends ContainerTemplateProps> = {
  readonly env?: CheckTexts<NonNullable<P["env"]>>;
  readonly labels?: CheckTexts<NonNullable<P["labels"]>>;
  readonly exec?: CheckTexts<NonNullable<P["exec"]>>;
  readonly connect?: CheckTexts<NonNullable<P["connect"]>>;
  readonly home?: { readonly volume: TemplateText<NonNullable<P["home"]>["volume"]> };
};

/**
 * An option of `create`: `--with-<flag>` adds its environment variables to that container.
 *
 * @example
 * flags: { syncthing: { env: { SYNCTHING: "1" }, help: "run Syncthing (GUI on :8384 over Tailscale)" } }
 */
export interface TemplateFlag {
  /** Variables the container gets when created with the flag. */
  readonly env: Readonly<Record<string, string>>;
  /** One line for `create --help`. */
  readonly help: string;
}

/**
 * How many containers of the template may exist. Containers the topology declares on the same
 * host count too (they use the same machine).
 *
 * @example
 * limits: { perUser: 5, total: 7 }
 */
export interface TemplateLimits {
  /** Per account; default the host's `podman.maxContainersPerUser`. */
  readonly perUser?: number;
  /** On the host; default the host's `podman.maxContainers`. */
  readonly total?: number;
}

/**
 * The container's home: a podman volume made at `create` and mounted at `path`.
 * `destroy` removes it unless given `--keep-volume`.
 *
 * @example
 * home: { path: "/home/dev", volume: "{name}-data", owner: { uid: 1000, gid: 1000 } }
 */
export interface TemplateHome {
  readonly path: string;
  /** The volume's name; must contain `{name}` (each container has its own). */
  readonly volume: string;
  /** Owner of the volume's root inside the container. */
  readonly owner?: { readonly uid: number; readonly gid?: number };
}

/**
 * The container runs its own Tailscale node: `create` waits until `tailscale status` inside the
 * container succeeds, and `destroy` runs `tailscale logout` in it first, so the tailnet keeps no
 * stale machines.
 *
 * @example
 * tailscale: { socket: "/home/dev/.local/state/tailscale/tailscaled.sock", timeoutSeconds: 120 }
 */
export interface TemplateTailscale {
  /** tailscaled's socket inside the container, when not the default. */
  readonly socket?: string;
  /** How long `create` waits for the node to come up. Default 120. */
  readonly timeoutSeconds?: number;
}

/**
 * Options of a container template: a container's options (strings may hold `{name}` and
 * `{user}`), plus who may create containers, how many, and what `create` prints.
 *
 * @example
 * { image: devcontainer, users: ["alice", "bob"], limits: { perUser: 5, total: 7 },
 *   home: { path: "/home/dev", volume: "{name}-data" }, env: { CONTAINER_NAME: "{name}" },
 *   connect: ["ssh dev@{name}"] }
 */
export interface ContainerTemplateProps extends Omit<ContainerProps, "user" | "ports" | "volumes" | "dependsOn" | "wantedBy"> {
  /**
   * Accounts that may use the command: on NixOS they join the template's group and linger (their
   * containers run without a login); each needs a fixed uid when the image is Nix-built.
   */
  readonly users: readonly string[];
  /** The group that may use the command and owns its shared state; default the template's name. */
  readonly group?: string;
  readonly limits?: TemplateLimits;
  readonly home?: TemplateHome;
  /** Options of `create`, each `--with-<flag>`. */
  readonly flags?: Readonly<Record<string, TemplateFlag>>;
  /** Lines `create` and `status` print: how to reach the container. */
  readonly connect?: readonly string[];
  readonly tailscale?: TemplateTailscale;
}

/**
 * A container template: homelab-gen generates a command, `<name>-ctl`, that developers run on the
 * host to create, start, stop, list and destroy their own containers of this shape, within the
 * limits. Create it with `lab.containerTemplate(...)`.
 *
 * @example
 * myLab.containerTemplate("devbox", {
 *   image: devcontainer, users: ["alice", "bob"], limits: { perUser: 5, total: 7 },
 *   home: { path: "/home/dev", volume: "{name}-data" },
 *   env: { CONTAINER_NAME: "{name}" },
 *   connect: ["ssh dev@{name}"],
 * });
 */
export class ContainerTemplate extends Resource<"container-template"> {
  /** @internal Use `lab.containerTemplate(...)`. */
  constructor(
    name: string,
    readonly props: ContainerTemplateProps,
  ) {
    super("container-template", name);
  }

  toSpec(): Record<string, unknown> {
    const { image, host, networks, ...rest } = this.props;
    return {
      name: this.name,
      ...rest,
      image: typeof image === "string" ? { reference: image } : { local: refName(image) },
      host: refName(host),
      networks: networks?.map((n) => refName(n)),
    };
  }
}
