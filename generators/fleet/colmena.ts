import { app, attrs, bind, bool, fromJson, id, int, list, sel, str, type Entry, type Expr } from "../../syntax/nix/ast.js";
import type { ModelHost } from "../../model/host.js";
import type { ModelHostKey } from "../../model/host-key.js";

/**
 * The Colmena release whose `lib.makeHive` builds `colmenaHive`: 0.4.0, the version nixpkgs ships.
 * A hive is read only by the Colmena that made it (0.4 wants schema v0, 0.5 v0.5), so the dev
 * shell carries this input's own CLI; `deploy` checks the one on PATH.
 */
export const COLMENA_VERSION = "0.4";
export const COLMENA_URL = "github:zhaofengli/colmena/v0.4.0";

/**
 * A key as Colmena's `deployment.keys.<name>` (colmena `src/nix/hive/options.nix`): `keyCommand`
 * runs on the deploying machine without a shell and its output is uploaded; `keyFile` is read
 * there. Both are strings, so the content never reaches the store.
 */
function keyExpr(key: ModelHostKey): Expr {
  return attrs({
    ...("command" in key.from ? { keyCommand: list(key.from.command.map(str)) } : { keyFile: str(key.from.file) }),
    destDir: str(key.destDir),
    user: str(key.user),
    group: str(key.group),
    permissions: str(key.permissions),
    uploadAt: str(key.uploadAt),
  });
}

/** `deployment` of a node: where and how Colmena deploys it. Unset fields keep Colmena's defaults (node name, root, port 22). */
function deployment(host: ModelHost): Expr {
  const t = host.targetHost;
  const entries: Entry[] = [];
  if (t !== undefined) entries.push(bind("targetHost", str(t.address)));
  if (t?.user !== undefined) entries.push(bind("targetUser", str(t.user)));
  if (t?.port !== undefined) entries.push(bind("targetPort", int(t.port)));
  entries.push(bind("tags", fromJson([...host.tags])), bind("buildOnTarget", bool(host.buildOnTarget)));
  if (host.keys.length > 0) entries.push(bind("keys", attrs(host.keys.map((k) => bind([k.name], keyExpr(k))))));
  return attrs(entries);
}

/**
 * The raw hive Colmena 0.4 reads as the flake's `colmena` output (colmena `src/nix/hive/eval.nix`):
 * `meta.nixpkgs` is the first host's package set, `meta.nodeNixpkgs` names the others' when they
 * differ; each node imports the host's modules (`hostModules.<host>`) and adds `deployment`.
 * `pkgsOf` gives the package-set expression of a host.
 */
export function colmenaExpr(hosts: readonly ModelHost[], description: string, pkgsOf: (h: ModelHost) => Expr): Expr {
  const first = hosts[0]!;
  const others = hosts.filter((h) => h.nixpkgs !== first.nixpkgs || h.system !== first.system);
  const meta: Entry[] = [bind("description", str(description)), bind("nixpkgs", pkgsOf(first))];
  if (others.length > 0) meta.push(bind("nodeNixpkgs", attrs(others.map((h) => bind([h.name], pkgsOf(h))))));
  return attrs([
    bind("meta", attrs(meta)),
    ...hosts.map((h) => bind([h.name], attrs({ imports: sel(id("hostModules"), h.name), deployment: deployment(h) }))),
  ]);
}

/** `colmenaHive = colmena.lib.makeHive self.colmena;`: the evaluated hive of the pinned Colmena. */
export const colmenaHiveExpr = (): Expr => app(sel(id("colmena"), "lib", "makeHive"), sel(id("self"), "colmena"));
