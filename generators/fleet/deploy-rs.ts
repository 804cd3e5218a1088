import { app, attrs, bind, bool, id, lambda, list, sel, str, type Entry, type Expr } from "../../syntax/nix/ast.js";
import type { ModelHost } from "../../model/host.js";

/** deploy-rs, pinned to a reviewed commit (Dec 2025; it has no releases). */
export const DEPLOY_RS_URL = "github:serokell/deploy-rs/d5eff7f948535b9c723d60cd8239f8f11ddc90fa";

/**
 * `deploy.nodes.<host>` (deploy-rs `src/data.rs`, `interface.json`): the host's address and SSH
 * user (root unless `targetHost` names one, as Colmena), the port as an SSH option, magic and
 * automatic rollback on, and the system profile activated as root. `remoteBuild` is `buildOnTarget`.
 */
function nodeExpr(host: ModelHost): Expr {
  const t = host.targetHost;
  const entries: Entry[] = [bind("hostname", str(t?.address ?? host.name)), bind("sshUser", str(t?.user ?? "root"))];
  if (t?.port !== undefined) entries.push(bind("sshOpts", list([str("-p"), str(String(t.port))])));
  entries.push(
    bind("magicRollback", bool(true)),
    bind("autoRollback", bool(true)),
    bind("remoteBuild", bool(host.buildOnTarget)),
    bind(
      ["profiles", "system"],
      attrs({
        user: str("root"),
        path: app(sel(id("deploy-rs"), "lib", host.system, "activate", "nixos"), sel(id("self"), "nixosConfigurations", host.name)),
      }),
    ),
  );
  return attrs(entries);
}

/** `deploy.nodes`: one node per host. */
export const deployNodesExpr = (hosts: readonly ModelHost[]): Expr => attrs(hosts.map((h) => bind([h.name], nodeExpr(h))));

/** `checks`: deploy-rs's schema and activation checks for every system it supports (what `deploy` runs unless `--skip-checks`). */
export const deployChecksExpr = (): Expr =>
  app(
    sel(id("builtins"), "mapAttrs"),
    lambda("system", lambda("deployLib", app(sel(id("deployLib"), "deployChecks"), sel(id("self"), "deploy")))),
    sel(id("deploy-rs"), "lib"),
  );
