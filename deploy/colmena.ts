import { join } from "node:path";
import { COLMENA_URL, COLMENA_VERSION } from "../generators/fleet/colmena.js";
import { ToolFailure } from "../realize/failure.js";
import { runTool } from "../realize/run-tool.js";
import { requireTool } from "../realize/tools.js";
import type { DeployAction, Engine } from "./engine.js";
import type { HostResult } from "./host-result.js";

/** What Colmena 0.4 prints for a node whose goal succeeded (colmena `src/nix/deployment/goal.rs`, `success_str`). */
const SUCCESS: Record<DeployAction, string> = {
  switch: "Activation successful",
  boot: "Will be activated next boot",
  test: "Activation successful (test)",
};

/**
 * A line of Colmena's plain output (no terminal, colmena `src/progress/plain.rs`): the node name
 * right-aligned, ` | `, the text. Meta lines have an empty label, jobs of several nodes `(...)`.
 */
export function colmenaLine(line: string): { label: string; text: string } | undefined {
  // Colours are off without a terminal; strip them anyway in case the user forces them.
  const m = /^\s*(\S*) \| (.*)$/.exec(line.replace(/\u001b\[[0-9;]*m/g, ""));
  return m ? { label: m[1]!, text: m[2]! } : undefined;
}

/** `colmena 0.4.0` -> `0.4`. */
const minorOf = (versionOutput: string): string | undefined => /(\d+\.\d+)\.\d+/.exec(versionOutput)?.[1];

/**
 * Colmena: one `colmena apply` for all selected hosts, in parallel (`--parallel`), keys uploaded
 * by Colmena itself (`deployment.keys`). Its output is split by node into each host's log and
 * line; a host succeeded when Colmena printed its goal's success message for it. Colmena runs
 * every node to the end whatever the others do and exits 1 when any failed.
 */
export const colmenaEngine: Engine = {
  tool: "colmena",
  async check(_request, ctx) {
    requireTool("colmena", "homelab-gen deploy --engine colmena runs it to deploy the hosts", ctx.env);
    const r = await runTool("colmena", ["--version"], { env: ctx.env, log: ctx.log });
    const minor = minorOf(r.stdout);
    if (r.exitCode !== 0 || minor !== COLMENA_VERSION) {
      throw new ToolFailure(
        `colmena ${minor ?? "(unknown version)"} is on PATH, but the generated colmenaHive is made by Colmena ${COLMENA_VERSION} (${COLMENA_URL}) and ` +
          `only that release reads it. Run the deploy from the flake's dev shell (nix develop <generated folder>), which has it.`,
      );
    }
  },
  async deploy(request, ctx) {
    const started = Date.now();
    const names = request.hosts.map((h) => h.name);
    const finished = new Map<string, { ok: boolean; at: number; reason?: string }>();
    const logs = new Map(names.map((n) => [n, ctx.hostLog(n)]));
    const args = [
      "apply",
      request.action,
      "--config",
      join(request.outDir, "flake.nix"),
      "--on",
      names.join(","),
      "--parallel",
      String(request.parallel),
    ];
    const r = await runTool("colmena", args, {
      env: ctx.env,
      log: ctx.log,
      onLine: (line) => {
        const parsed = colmenaLine(line);
        const log = parsed && logs.get(parsed.label);
        if (!parsed || !log) return;
        log.write(parsed.text);
        ctx.board.update(parsed.label, parsed.text);
        if (parsed.text === SUCCESS[request.action]) finished.set(parsed.label, { ok: true, at: Date.now() });
        else if (/failed/i.test(parsed.text) && !finished.has(parsed.label)) finished.set(parsed.label, { ok: false, at: Date.now(), reason: parsed.text });
      },
    });
    return names.map((host): HostResult => {
      const end = finished.get(host);
      const ok = end?.ok === true || (r.exitCode === 0 && end === undefined);
      const reason = ok ? undefined : (end?.reason ?? `colmena exited with code ${r.exitCode} before reporting this host`);
      return { host, ok, durationMs: (end?.at ?? Date.now()) - started, log: logs.get(host)!.path, ...(reason !== undefined && { reason }) };
    });
  },
};
