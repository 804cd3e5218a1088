import { colmenaEngine } from "./colmena.js";
import { deployRsEngine } from "./deploy-rs.js";
import type { Engine, EngineName } from "./engine.js";
import { nixosRebuildEngine } from "./nixos-rebuild.js";

export { DEPLOY_ACTIONS, ENGINES, type DeployAction, type EngineName } from "./engine.js";
export { hostBoard } from "./board.js";
export { summaryTable, type HostResult } from "./host-result.js";
export { selectFleetHosts } from "./select.js";

/** The engine `--engine` names. */
export const engines: Record<EngineName, Engine> = {
  colmena: colmenaEngine,
  "deploy-rs": deployRsEngine,
  "nixos-rebuild": nixosRebuildEngine,
};
