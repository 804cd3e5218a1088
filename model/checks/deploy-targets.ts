import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { duplicates } from "./identity.js";

/** Attribute names Colmena's hive reserves (colmena `src/nix/hive/eval.nix`, `reservedNames`). */
const COLMENA_RESERVED = new Set(["meta", "network", "defaults"]);

/**
 * Two hosts deployed to over one SSH address would overwrite each other's system (a host without
 * `targetHost` is reached by its name, unique already). In a fleet, host names become Colmena
 * nodes, which may not be `meta`, `network` or `defaults`, and deploy-rs nodes, whose names need
 * a letter (deploy-rs `interface.json`: `[A-z][A-z0-9_-]*`).
 */
export function checkDeployTargets(model: Model): Diagnostic[] {
  const names =
    model.hosts.length > 1
      ? model.hosts.flatMap((h) => [
          ...(COLMENA_RESERVED.has(h.name) ? [problem("host", h, `"${h.name}" is reserved by Colmena's hive (meta, network, defaults): rename the host`)] : []),
          ...(/[A-Za-z]/.test(h.name) ? [] : [problem("host", h, `deploy-rs node names need a letter: rename the host`)]),
        ])
      : [];
  return [
    ...names,
    ...duplicates(
      "host",
      model.hosts.filter((h) => h.targetHost !== undefined),
      (h) => `${h.targetHost!.address}${h.targetHost!.port === undefined ? "" : `:${h.targetHost!.port}`}`,
      "targetHost",
    ),
  ];
}
