import type { ModelHost } from "../model/host.js";
import { BuildProgress } from "../realize/build-progress.js";
import { Failure, Interrupted } from "../realize/failure.js";
import { runTool } from "../realize/run-tool.js";
import type { EngineContext } from "./engine.js";
import type { HostResult } from "./host-result.js";
import { uploadKeys } from "./keys.js";
import { inPool } from "./pool.js";

/** One host's deploy as a command of its own (deploy-rs, nixos-rebuild): its argv and extra environment. */
export interface HostCommand {
  readonly argv: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs one process per host, `parallel` at a time (0: all), each with its own log and live line
 * (Nix's JSON log lines shown as build progress), keys uploaded over ssh before and after
 * activation as Colmena would. A failing host is recorded and the others go on.
 */
export async function deployPerHost(
  hosts: readonly ModelHost[],
  parallel: number,
  command: (host: ModelHost) => HostCommand,
  ctx: EngineContext,
): Promise<HostResult[]> {
  const one = async (host: ModelHost): Promise<HostResult> => {
    const log = ctx.hostLog(host.name);
    const started = Date.now();
    const done = (ok: boolean, reason?: string): HostResult => {
      ctx.board.update(host.name, ok ? "done" : `FAILED: ${reason}`);
      return { host: host.name, ok, durationMs: Date.now() - started, log: log.path, ...(reason !== undefined && { reason }) };
    };
    try {
      ctx.board.update(host.name, "starting");
      await uploadKeys(host, "pre-activation", { env: ctx.env, log });
      const { argv, env } = command(host);
      const progress = new BuildProgress();
      const [cmd, ...args] = argv;
      const r = await runTool(cmd!, args, {
        env: { ...ctx.env, ...env },
        log,
        onLine: (line) => {
          const plain = progress.line(line);
          const text = line.startsWith("@nix ") ? progress.status() : (plain.at(-1) ?? line);
          if (text.trim() !== "") ctx.board.update(host.name, text.trim());
        },
      });
      if (r.exitCode !== 0) return done(false, `${cmd} exited with code ${r.exitCode}`);
      await uploadKeys(host, "post-activation", { env: ctx.env, log });
      return done(true);
    } catch (error) {
      if (error instanceof Interrupted || !(error instanceof Failure)) throw error;
      return done(false, error.message);
    }
  };
  const settled = await inPool(hosts, parallel, one);
  const interrupted = settled.find((s) => s.status === "rejected");
  if (interrupted?.status === "rejected") throw interrupted.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<HostResult>).value);
}
