import * as z from "./zod.js";
import { DEFAULT_PODMAN_VERSION, podmanVersion } from "./podman-version.js";

const limit = z.number().check(z.int(), z.gte(0, "limits are whole numbers, at least 0"));

/** Normalized podman settings: the version a host's units target and its container limits. */
export interface ModelPodmanSettings {
  readonly version: string;
  readonly maxContainers?: number;
  readonly maxContainersPerUser?: number;
}

/** What a host that declares nothing (or a lab with no host at all) gets. */
const DEFAULT_PODMAN_SETTINGS: ModelPodmanSettings = { version: DEFAULT_PODMAN_VERSION };

/** A host's podman settings as the DSL hands them over. */
export const podmanSettings = z._default(
  z.strictObject({
    version: z._default(podmanVersion, DEFAULT_PODMAN_VERSION),
    maxContainers: z.optional(limit),
    maxContainersPerUser: z.optional(limit),
  }),
  DEFAULT_PODMAN_SETTINGS,
);

/**
 * The podman settings that apply on a host (`undefined`: the lab declares no host).
 *
 * @example
 * podmanOn(model.hosts, container.host).version; // "4.4"
 */
export const podmanOn = (hosts: readonly { name: string; podman: ModelPodmanSettings }[], host: string | undefined): ModelPodmanSettings =>
  hosts.find((h) => h.name === host)?.podman ?? DEFAULT_PODMAN_SETTINGS;

/** How a diagnostic names the place a version or limit comes from. */
export const hostLabel = (host: string | undefined): string => (host === undefined ? "the lab (no host declared)" : `host ${host}`);
