import { ToolFailure } from "./failure.js";
import { runTool } from "./run-tool.js";
import { requireTool } from "./tools.js";

/**
 * `podman container inspect` of every container (running or not) of the podman this process
 * reaches (the invoking user's: rootless, or root's when run as root). Returns the JSON text;
 * fails with a {@link ToolFailure} (exit 3) naming podman when it is missing or fails.
 *
 * @example
 * await inspectContainers({ env: process.env })
 */
export async function inspectContainers(ctx: { env: NodeJS.ProcessEnv }): Promise<string> {
  requireTool("podman", "homelab-gen import --podman reads the containers with it", ctx.env);
  const podman = async (...args: string[]): Promise<string> => {
    const r = await runTool("podman", args, { env: ctx.env });
    if (r.exitCode !== 0) throw new ToolFailure(`podman ${args.join(" ")} failed (exit code ${r.exitCode}):\n${r.stderrTail.join("\n").trim()}`);
    return r.stdout;
  };
  const ids = (await podman("container", "ls", "--all", "--quiet", "--no-trunc")).split("\n").map((l) => l.trim()).filter(Boolean);
  return ids.length === 0 ? "[]" : podman("container", "inspect", ...ids);
}
