import { requireTool } from "../realize/tools.js";
import type { Engine } from "./engine.js";
import { requireKeyUploader } from "./keys.js";
import { deployPerHost } from "./per-host.js";
import { sshDestination, sshLogin } from "./ssh-target.js";

/**
 * Plain `nixos-rebuild --flake REF#HOST --target-host user@host` per host, in parallel: what a
 * NixOS user has without any deploy tool. `buildOnTarget` builds on the host (`--build-host`); a
 * login other than root activates through sudo; a port goes in `NIX_SSHOPTS`, which nixos-rebuild
 * passes to ssh and to nix copy.
 */
export const nixosRebuildEngine: Engine = {
  tool: "nixos-rebuild",
  async check(request, ctx) {
    requireTool("nixos-rebuild", "homelab-gen deploy --engine nixos-rebuild runs it to deploy each host", ctx.env);
    requireKeyUploader(request.hosts, ctx.env);
  },
  deploy: (request, ctx) =>
    deployPerHost(
      request.hosts,
      request.parallel,
      (host) => {
        const target = sshDestination(host);
        const { user, port } = sshLogin(host);
        return {
          argv: [
            "nixos-rebuild",
            request.action,
            "--flake",
            `${request.flake.ref}#${host.name}`,
            "--target-host",
            target,
            ...(host.buildOnTarget ? ["--build-host", target] : []),
            ...(user === "root" ? [] : ["--use-remote-sudo"]),
            "--log-format",
            "internal-json",
          ],
          ...(port !== undefined && { env: { NIX_SSHOPTS: `-p ${port}` } }),
        };
      },
      ctx,
    ),
};
