/**
 * Install ISOs the target host lacks. A domain's install CD-ROM names a file on the host; NixVirt's
 * Windows template marks it `startupPolicy='mandatory'` and the Linux one gives it no policy, so
 * libvirt refuses to start the VM while the file is missing. `plan` and `switch` name every missing
 * ISO (and the VMs that need it) before anything is activated.
 *
 * The host is the one NixVirt runs on: `--target-host` (or the host of a `qemu+ssh://` `--connect`
 * URI), checked with one `ssh` call running `test -e` for each path; otherwise this machine.
 */
import { existsSync } from "node:fs";
import type { Model } from "../model/model.js";
import { shellWords } from "../syntax/shell/quote.js";
import { ToolFailure } from "./failure.js";
import type { LogFile } from "./log-file.js";
import { runTool } from "./run-tool.js";
import { requireTool } from "./tools.js";

/** One install ISO and the VMs that boot from it. */
export interface InstallMedium {
  readonly path: string;
  readonly vms: readonly string[];
}

/** What is known about the install media on the target host. */
export type MediaCheck =
  | { readonly host: string; readonly checked: true; readonly missing: readonly InstallMedium[] }
  | { readonly host: string; readonly checked: false; readonly reason: string };

/** Every install ISO of the lab (with `host`: of the VMs placed there), by path, each with its VMs in declaration order. */
export function installMedia(model: Model, host?: string): InstallMedium[] {
  const byPath = new Map<string, string[]>();
  for (const vm of model.vms) {
    if (vm.installIso === undefined || (host !== undefined && vm.host !== host)) continue;
    byPath.set(vm.installIso, [...(byPath.get(vm.installIso) ?? []), vm.name]);
  }
  return [...byPath].map(([path, vms]) => ({ path, vms })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The ssh destination of a switch: `--target-host`, or the host of a `qemu+ssh://[user@]host[:port]/…`
 * URI (with a port as ssh's own `ssh://[user@]host:port` form).
 */
export function mediaHost(opts: { targetHost?: string; connect?: string }): string | undefined {
  if (opts.targetHost !== undefined) return opts.targetHost;
  const m = opts.connect === undefined ? null : /^qemu\+ssh:\/\/([^/?]+)\//.exec(opts.connect);
  if (!m) return undefined;
  return /:\d+$/.test(m[1]!) ? `ssh://${m[1]}` : m[1];
}

/**
 * A remote shell command printing the 1-based index of each path that does not exist (indexes,
 * not paths, so no file name can break the answer apart).
 */
export const missingIndexesCommand = (paths: readonly string[]): string =>
  `i=0; for f in ${shellWords(paths)}; do i=$((i + 1)); [ -e "$f" ] || echo "$i"; done`;

/** Which of `paths` are missing on `host` (one ssh call), or on this machine without a host. */
async function missingPaths(paths: readonly string[], host: string | undefined, ctx: { env: NodeJS.ProcessEnv; log?: LogFile }): Promise<string[]> {
  if (host === undefined) return paths.filter((p) => !existsSync(p));
  requireTool("ssh", `homelab-gen looks on ${host} with it for the install ISOs the VMs boot from`, ctx.env);
  const r = await runTool("ssh", ["-o", "BatchMode=yes", host, "--", missingIndexesCommand(paths)], { env: ctx.env, ...(ctx.log && { log: ctx.log }) });
  if (r.exitCode !== 0) throw new ToolFailure(`ssh ${host} could not look for the install ISOs (exit code ${r.exitCode}):\n${r.stderrTail.join("\n").trim()}`);
  return r.stdout.split("\n").filter((l) => /^\d+$/.test(l.trim())).map((l) => paths[Number(l.trim()) - 1]!);
}

/**
 * Looks for every install ISO (with `host`: of the VMs placed on that lab host) on the target
 * machine; an ssh problem becomes `checked: false`. `label` names the machine in the result.
 */
export async function checkInstallMedia(
  model: Model,
  opts: { targetHost?: string; connect?: string; host?: string; label?: string },
  ctx: { env: NodeJS.ProcessEnv; log?: LogFile },
): Promise<MediaCheck> {
  const host = mediaHost(opts);
  const where = opts.label ?? host ?? "this machine";
  const media = installMedia(model, opts.host);
  try {
    const missing = new Set(media.length === 0 ? [] : await missingPaths(media.map((m) => m.path), host, ctx));
    return { host: where, checked: true, missing: media.filter((m) => missing.has(m.path)) };
  } catch (error) {
    if (error instanceof ToolFailure) return { host: where, checked: false, reason: error.message };
    throw error;
  }
}
