import type { LibvirtDocument } from "../import/libvirt/read-lab.js";
import { ToolFailure } from "./failure.js";
import { runTool } from "./run-tool.js";
import { requireTool } from "./tools.js";

const lines = (text: string): string[] => text.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * Every network, pool (with its volumes) and domain definition on the libvirt at `uri`, as
 * `virsh ... dumpxml --inactive` prints it (the persistent definition, not live state). Fails with
 * a {@link ToolFailure} (exit 3) naming virsh and the URI when virsh is missing or cannot connect.
 *
 * @example
 * await dumpLibvirt("test:///default", { env: process.env })
 */
export async function dumpLibvirt(uri: string, ctx: { env: NodeJS.ProcessEnv }): Promise<LibvirtDocument[]> {
  requireTool("virsh", "homelab-gen import --connect reads libvirt's definitions with it", ctx.env);
  const run = (args: readonly string[]) => runTool("virsh", ["-c", uri, ...args], { env: ctx.env });
  const fail = (args: readonly string[], r: Awaited<ReturnType<typeof run>>): ToolFailure =>
    new ToolFailure(`virsh could not read libvirt's definitions at ${uri} (virsh ${args.join(" ")}, exit code ${r.exitCode}):\n${r.stderrTail.join("\n").trim()}`);
  const virsh = async (...args: string[]): Promise<string> => {
    const r = await run(args);
    if (r.exitCode !== 0) throw fail(args, r);
    return r.stdout;
  };
  // The persistent definition; drivers without the flag (the test driver's networks and pools)
  // have only one definition anyway.
  const dump = async (command: string, ...args: string[]): Promise<string> => {
    const r = await run([command, "--inactive", ...args]);
    if (r.exitCode === 0) return r.stdout;
    if (!r.stderrTail.join("\n").includes("unsupported flags")) throw fail([command, "--inactive", ...args], r);
    return virsh(command, ...args);
  };
  const docs: LibvirtDocument[] = [];
  for (const name of lines(await virsh("net-list", "--all", "--name"))) {
    docs.push({ origin: `virsh -c ${uri} net-dumpxml ${name}`, text: await dump("net-dumpxml", name) });
  }
  for (const name of lines(await virsh("pool-list", "--all", "--name"))) {
    docs.push({ origin: `virsh -c ${uri} pool-dumpxml ${name}`, text: await dump("pool-dumpxml", name) });
    // Volumes can be listed only in a running pool.
    const active = (await virsh("pool-info", name)).split("\n").some((l) => /^State:\s+running/.test(l));
    if (!active) continue;
    // `Name  Path` rows after a header and a rule (virsh 9 has no --name here); a volume name has
    // no '/', so the path starts at the first " /" and the name may hold spaces.
    for (const row of lines(await virsh("vol-list", "--pool", name)).slice(2)) {
      const path = / \//.exec(row);
      const volName = (path ? row.slice(0, path.index) : row).trim();
      docs.push({ origin: `virsh -c ${uri} vol-dumpxml --pool ${name} ${volName}`, text: await virsh("vol-dumpxml", "--pool", name, volName), pool: name });
    }
  }
  for (const name of lines(await virsh("list", "--all", "--name"))) {
    docs.push({ origin: `virsh -c ${uri} dumpxml ${name}`, text: await dump("dumpxml", name) });
  }
  return docs;
}
