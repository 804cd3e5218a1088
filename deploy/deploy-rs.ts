import { UsageFailure } from "../realize/failure.js";
import { requireTool } from "../realize/tools.js";
import type { Engine } from "./engine.js";
import { requireKeyUploader } from "./keys.js";
import { deployPerHost } from "./per-host.js";

/**
 * deploy-rs (`deploy`): one process per host, since deploy-rs deploys the nodes of one run one
 * after another and rolls back the ones already activated when a later one fails (serokell/deploy-rs
 * issue #46, PR #80), which would let one host's failure undo the others. Each run keeps magic
 * rollback (the generated nodes turn it on): a host that loses its connection rolls itself back.
 * `--skip-checks`: deploy-rs would otherwise `nix flake check` every node of the flake for each host.
 */
export const deployRsEngine: Engine = {
  tool: "deploy",
  async check(request, ctx) {
    if (request.action === "test") throw new UsageFailure("deploy-rs has no test activation; use --action switch or boot, or --engine colmena or nixos-rebuild");
    requireTool("deploy", "homelab-gen deploy --engine deploy-rs runs it to deploy each host", ctx.env);
    requireKeyUploader(request.hosts, ctx.env);
  },
  deploy: (request, ctx) =>
    deployPerHost(
      request.hosts,
      request.parallel,
      (host) => ({ argv: ["deploy", "--skip-checks", ...(request.action === "boot" ? ["--boot"] : []), `${request.flake.ref}#${host.name}`] }),
      ctx,
    ),
};
