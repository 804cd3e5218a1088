import { warning, type Diagnostic, type Located } from "../diagnostic.js";
import type { Model } from "../model.js";

/**
 * Shapes of credentials that should never be literal values: they would be written into unit files,
 * image configurations and the world-readable Nix store. Prefixes as their issuers document them.
 */
const SHAPES: ReadonlyArray<readonly [string, RegExp]> = [
  ["a Tailscale key (tskey-…)", /\btskey-[A-Za-z0-9]+-[A-Za-z0-9-]{8,}/],
  ["a GitHub token (ghp_…)", /\bgh[pousr]_[A-Za-z0-9]{36,}/],
  ["a GitHub token (github_pat_…)", /\bgithub_pat_[A-Za-z0-9_]{40,}/],
  ["an AWS access key id (AKIA…)", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
];

const FIX = "it would be stored in the generated files and the Nix store; pass it with `secrets:` instead (podmanSecret, opRead, secretFromCommand or secretFromEnvFile)";

/** A warning for each value of `values` that has the shape of a credential. */
function scan(kind: string, at: Located, what: string, values: Readonly<Record<string, string>>): Diagnostic[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const shape = SHAPES.find(([, pattern]) => pattern.test(value));
    return shape ? [warning(kind, at, `${what} ${key} looks like ${shape[0]}: ${FIX}`)] : [];
  });
}

/** Credential-shaped literals in the env and labels of containers and images, and in podman labels. */
export const checkSecretLiterals = (model: Model): Diagnostic[] => [
  ...model.containers.flatMap((c) => [...scan("container", c, "env", c.env), ...scan("container", c, "label", c.labels)]),
  ...model.images.flatMap((i) => [...scan("image", i, "env", i.env), ...scan("image", i, "label", i.labels)]),
  ...model.podmanVolumes.flatMap((v) => scan("podman-volume", v, "label", v.labels)),
  ...model.podmanNetworks.flatMap((n) => scan("podman-network", n, "label", n.labels)),
];
