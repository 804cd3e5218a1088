import type { Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import type { ModelVolume } from "../pool.js";
import { checkAddressing } from "./addressing.js";
import { checkBridgedAddresses } from "./bridged-addresses.js";
import { checkBridgedNetworks } from "./bridged-networks.js";
import { checkBridges } from "./bridges.js";
import { checkContainerTemplates } from "./container-templates.js";
import { checkContainers } from "./containers.js";
import { checkDeployTargets } from "./deploy-targets.js";
import { checkIdentity } from "./identity.js";
import { checkInstallIsoNames } from "./install-iso-names.js";
import { checkPodmanNames } from "./podman-names.js";
import { checkPlacement } from "./placement.js";
import { checkPodmanSubnets } from "./podman-subnets.js";
import { checkSecretLiterals } from "./secret-literals.js";
import { checkPodmanVersions } from "./podman-versions.js";
import { checkReleases } from "./releases.js";
import { checkStorage } from "./storage.js";
import { checkUnattended } from "./unattended.js";

/**
 * Every cross-reference check over the whole model; each returns all it finds.
 * `volumes` includes volumes whose pool is unknown (the model drops them from its pools).
 */
export const runChecks = (model: Model, volumes: readonly ModelVolume[]): Diagnostic[] => [
  ...checkIdentity(model, volumes),
  ...checkAddressing(model),
  ...checkBridges(model),
  ...checkStorage(model, volumes),
  ...checkPodmanNames(model),
  ...checkContainers(model),
  ...checkPodmanVersions(model),
  ...checkPlacement(model),
  ...checkBridgedNetworks(model),
  ...checkDeployTargets(model),
  ...checkContainerTemplates(model),
  ...checkUnattended(model),
  ...checkPodmanSubnets(model),
  ...checkSecretLiterals(model),
  ...checkReleases(model),
  ...checkBridgedAddresses(model),
  ...checkInstallIsoNames(model),
];
