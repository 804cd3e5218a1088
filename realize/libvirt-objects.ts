import { ToolFailure } from "./failure.js";
import type { LogFile } from "./log-file.js";
import { runTool } from "./run-tool.js";
import { requireTool } from "./tools.js";

/** The kinds of libvirt object NixVirt manages (and deletes). */
export type LibvirtKind = "domain" | "network" | "pool";

/** One object as libvirt knows it. */
export interface LibvirtObject {
  readonly kind: LibvirtKind;
  readonly name: string;
  readonly uuid: string;
}

/** NixVirt's connection, on this machine or, through ssh, on the host a switch targets; `connect` wins. */
export const libvirtUri = (opts: { connect?: string; targetHost?: string }): string =>
  opts.connect ?? (opts.targetHost !== undefined ? `qemu+ssh://${opts.targetHost}/system` : "qemu:///system");

/** `UUID NAME` lines (`virsh list --uuid --name`) -> pairs; blank lines skipped. */
export function parseUuidNames(text: string): Array<{ uuid: string; name: string }> {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const space = line.search(/\s/);
      return space < 0 ? { uuid: line, name: "" } : { uuid: line.slice(0, space), name: line.slice(space).trim() };
    });
}

/** Non-blank lines. */
const lines = (text: string): string[] => text.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * Every domain, network and pool (active or not) on the libvirt at `uri`, read with virsh. Fails
 * with a {@link ToolFailure} when virsh is missing or cannot reach libvirt. `purpose` says what needs virsh.
 */
export async function listLibvirt(uri: string, purpose: string, ctx: { env: NodeJS.ProcessEnv; log?: LogFile }): Promise<LibvirtObject[]> {
  requireTool("virsh", purpose, ctx.env);
  const virsh = async (...args: string[]): Promise<string> => {
    const r = await runTool("virsh", ["-c", uri, ...args], { env: ctx.env, ...(ctx.log && { log: ctx.log }) });
    if (r.exitCode !== 0) {
      throw new ToolFailure(`virsh could not list libvirt's objects at ${uri} (exit code ${r.exitCode}):\n${r.stderrTail.join("\n").trim()}`);
    }
    return r.stdout;
  };
  const domains = parseUuidNames(await virsh("list", "--all", "--uuid", "--name"));
  const pools = parseUuidNames(await virsh("pool-list", "--all", "--uuid", "--name"));
  // net-list cannot print both columns; both lists come sorted by name, so they pair up line by line.
  const netUuids = lines(await virsh("net-list", "--all", "--uuid"));
  const netNames = lines(await virsh("net-list", "--all", "--name"));
  if (netUuids.length !== netNames.length) throw new ToolFailure(`virsh listed ${netUuids.length} network UUIDs but ${netNames.length} names at ${uri}; try again`);
  return [
    ...domains.map((d) => ({ kind: "domain" as const, ...d })),
    ...netNames.map((name, i) => ({ kind: "network" as const, name, uuid: netUuids[i]! })),
    ...pools.map((p) => ({ kind: "pool" as const, ...p })),
  ];
}
