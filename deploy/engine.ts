import type { ModelHost } from "../model/host.js";
import type { FlakeSource } from "../realize/flake-source.js";
import type { LogFile } from "../realize/log-file.js";
import type { ToolName } from "../realize/tools.js";
import type { HostBoard } from "./board.js";
import type { HostResult } from "./host-result.js";

/** What a deploy does on each host; NixVirt deletes undeclared objects with each of them. */
export const DEPLOY_ACTIONS = ["switch", "boot", "test"] as const;
export type DeployAction = (typeof DEPLOY_ACTIONS)[number];

/** The engines `deploy --engine` offers. */
export const ENGINES = ["colmena", "deploy-rs", "nixos-rebuild"] as const;
export type EngineName = (typeof ENGINES)[number];

/** One deploy: the selected hosts and how. */
export interface DeployRequest {
  readonly hosts: readonly ModelHost[];
  readonly action: DeployAction;
  /** Hosts at a time; 0: all at once. */
  readonly parallel: number;
  readonly flake: FlakeSource;
  /** The generated folder (Colmena is pointed at its flake.nix). */
  readonly outDir: string;
}

/** Where an engine reports: the tools' environment, the run's log, each host's log and live line. */
export interface EngineContext {
  readonly env: NodeJS.ProcessEnv;
  readonly log: LogFile;
  readonly hostLog: (host: string) => LogFile;
  readonly board: HostBoard;
}

/** A deployment tool: checked before anything runs, then run on the selected hosts. */
export interface Engine {
  readonly tool: ToolName;
  /** Fails (a ToolFailure or UsageFailure) when the tool or the request cannot work. */
  check(request: Pick<DeployRequest, "hosts" | "action">, ctx: EngineContext): Promise<void>;
  /** Every selected host's result, failures included; throws only when interrupted. */
  deploy(request: DeployRequest, ctx: EngineContext): Promise<HostResult[]>;
}
