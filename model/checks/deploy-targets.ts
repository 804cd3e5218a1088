import type { Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { duplicates } from "./identity.js";

/**
 * Two hosts deployed to over one SSH address would overwrite each other's system. A host without
 * `targetHost` is reached by its name, which is unique already.
 */
export const checkDeployTargets = (model: Model): Diagnostic[] =>
  duplicates(
    "host",
    model.hosts.filter((h) => h.targetHost !== undefined),
    (h) => `${h.targetHost!.address}${h.targetHost!.port === undefined ? "" : `:${h.targetHost!.port}`}`,
    "targetHost",
  );
