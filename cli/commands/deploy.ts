import pc from "picocolors";
import { engines, hostBoard, selectFleetHosts, summaryTable, type DeployAction, type EngineName } from "../../deploy/index.js";
import type { EngineContext } from "../../deploy/engine.js";
import { deploysFleet } from "../../generators/fleet/host-model.js";
import { Refused, ToolFailure, UsageFailure } from "../../realize/failure.js";
import { hostModules } from "../../realize/host-modules.js";
import { siblingLog, type LogFile } from "../../realize/log-file.js";
import { localNix } from "../../realize/nix-invoker.js";
import { prepareFlake } from "../../realize/prepare-flake.js";
import { confirm, interactive } from "../confirm.js";
import { EXIT } from "../exit.js";
import { checkFleetDeletions, describeFleetChecks } from "../fleet-guard.js";
import { outputOptions, synthesizeAll } from "../pipeline.js";
import { terminalRealizer } from "../realizer.js";
import { writeGenerated } from "../write-generated.js";

/** Options of `homelab-gen deploy`. */
export interface DeployOptions {
  readonly on?: string;
  readonly parallel?: string;
  readonly engine?: EngineName;
  readonly action?: DeployAction;
  readonly yes?: boolean;
  readonly out?: string;
  readonly force?: boolean;
  /** `--diagram` / `--no-diagram`: topology.svg and topology.mmd or not; unset, as the output folder holds. */
  readonly diagram?: boolean;
}

/** `--parallel N`: hosts at a time, 0 for all; Colmena's default is 10. */
function parallelOf(text: string | undefined): number {
  if (text === undefined) return 10;
  if (!/^\d+$/.test(text)) throw new UsageFailure(`--parallel takes a whole number of hosts (0: all at once), not "${text}"`);
  return Number(text);
}

/**
 * `homelab-gen deploy FILE`: generate, then build and activate every selected host with a
 * deployment engine, one live line per host and a summary table. Before anything is written or
 * activated, the libvirt objects NixVirt would delete are listed for every selected host; any
 * such object (or a host that cannot be checked) stops the deploy unless `--yes`.
 */
export async function deployCommand(file: string, opts: DeployOptions): Promise<number> {
  const synthesis = await synthesizeAll(file, { ...outputOptions(opts), target: "nixos" });
  const { model, files, outDir } = synthesis;
  const hosts = selectFleetHosts(model.hosts, opts.on);
  const parallel = parallelOf(opts.parallel);
  const engineName = opts.engine ?? "colmena";
  if (engineName !== "nixos-rebuild" && !deploysFleet(model)) {
    throw new UsageFailure(
      `the topology's one host has no deploy settings, so the flake has no ${engineName} outputs: give it a targetHost (lab.host(name, { targetHost: "root@..." })), or use --engine nixos-rebuild or switch`,
    );
  }
  const engine = engines[engineName];
  const realizer = terminalRealizer("deploy");
  const logs = new Map<string, LogFile>();
  const ctx: EngineContext = {
    env: realizer.env,
    log: realizer.log,
    hostLog: (host) => logs.get(host) ?? logs.set(host, siblingLog(realizer.log, `deploy-${host}`)).get(host)!,
    board: { update: () => undefined, close: () => undefined },
  };
  const action = opts.action ?? "switch";
  const nix = await localNix("homelab-gen deploy runs it to lock the generated flake", realizer);
  await engine.check({ hosts, action }, ctx);

  const checks = await checkFleetDeletions(model, hosts, parallel, ctx);
  for (const line of describeFleetChecks(checks)) console.error(line);
  const unchecked = checks.filter((c) => !c.check.checked);
  const deleting = checks.filter((c) => c.check.checked && c.check.deletions.length > 0);
  if (unchecked.length > 0 && !opts.yes) {
    throw new ToolFailure(`could not check what NixVirt would delete on ${unchecked.map((c) => c.host).join(", ")}; pass --yes to deploy without knowing`);
  }
  if (deleting.length > 0 && !opts.yes && !(interactive() && (await confirm("Delete them and deploy?", "homelab-gen deploy")))) {
    const n = deleting.reduce((sum, c) => sum + (c.check.checked ? c.check.deletions.length : 0), 0);
    throw new Refused(`not deploying: ${n} libvirt object${n === 1 ? "" : "s"} would be deleted on ${deleting.map((c) => c.host).join(", ")}; pass --yes to delete and deploy`);
  }

  await writeGenerated(synthesis, { force: opts.force ?? false, report: console.error });
  const { source } = await prepareFlake({ outDir, files: files.keys(), modules: hostModules(model) }, () => nix, realizer);
  const board = hostBoard(process.stderr, hosts.map((h) => h.name));
  let results;
  try {
    results = await engine.deploy({ hosts, action, parallel, outDir, flake: source }, { ...ctx, board });
  } finally {
    board.close();
  }
  console.log(summaryTable(results));
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return EXIT.ok;
  console.error(`${pc.red("error")}: ${failed.length} of ${results.length} host${results.length === 1 ? "" : "s"} failed (${failed.map((r) => r.host).join(", ")}); engine log: ${realizer.log.path}`);
  return EXIT.tool;
}
