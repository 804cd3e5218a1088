/**
 * The NixOS share of a container template, merged into the host's part of `nixosModules.default`:
 * the command on the system path (built by `writeShellApplication`, which also runs shellcheck on
 * it), the group that may use it, its users in that group and lingering (their containers run
 * without a login), and the shared state directory (systemd-tmpfiles, mode 3770 root:<group>).
 */
import type { ModelContainerTemplate } from "../../model/container-template.js";
import type { Model } from "../../model/model.js";
import { app, attrs, bind, id, list, path, sel, str, type Entry, type Expr } from "../../syntax/nix/ast.js";
import { imageDelivery, loadsBeforeStart } from "../quadlet/image-delivery.js";
import { commandName, stateDir } from "./paths.js";

/** The image whose archive path the template's unit names (it loads the image itself), if any; `portable` for hosts without Nix. */
export function templateArchive(model: Model, t: ModelContainerTemplate, portable: boolean): string | undefined {
  const delivery = imageDelivery(model, t.container, portable);
  return loadsBeforeStart(delivery) ? delivery.image.name : undefined;
}

/** Programs the command runs besides podman, systemctl and loginctl (on every NixOS system path). */
const RUNTIME_INPUTS = ["coreutils", "findutils", "gnused", "util-linux"];

/** `pkgs.writeShellApplication` of `bin/<command>`; the committed file's `#!` line is dropped (it adds its own). */
function commandPackage(model: Model, t: ModelContainerTemplate, withArchives: Expr): Expr {
  const file = path(`./bin/${commandName(t)}`);
  // The units it writes name an image archive, or the secret-reading script (generators/scripts.ts), by placeholder.
  const placeholders = templateArchive(model, t, false) !== undefined || t.container.secrets.some((s) => s.kind === "command");
  const text = placeholders ? app(withArchives, file) : app(sel(id("builtins"), "readFile"), file);
  return app(
    sel(id("pkgs"), "writeShellApplication"),
    attrs({
      name: str(commandName(t)),
      runtimeInputs: list(RUNTIME_INPUTS.map((p) => sel(id("pkgs"), p))),
      text: app(sel(id("lib"), "removePrefix"), str("#!/usr/bin/env bash\n"), text),
    }),
  );
}

/**
 * The module entries of some templates (one host's). `withArchives` is the module's function that
 * puts image and script store paths into a file's text.
 */
export function templateEntries(model: Model, templates: readonly ModelContainerTemplate[], withArchives: Expr): { entries: Entry[]; users: string[] } {
  if (templates.length === 0) return { entries: [], users: [] };
  const groupsOf = new Map<string, string[]>();
  for (const t of templates) for (const u of t.users) groupsOf.set(u, [...new Set([...(groupsOf.get(u) ?? []), t.group])]);
  const users = [...groupsOf.keys()].sort();
  return {
    entries: [
      bind(["environment", "systemPackages"], list(templates.map((t) => commandPackage(model, t, withArchives)))),
      ...[...new Set(templates.map((t) => t.group))].sort().map((g) => bind(["users", "groups", g], attrs([]))),
      ...users.map((u) => bind(["users", "users", u, "extraGroups"], list(groupsOf.get(u)!.map(str)))),
      bind(["systemd", "tmpfiles", "rules"], list(templates.map((t) => str(`d ${stateDir(model, t)} 3770 root ${t.group} -`)))),
    ],
    users,
  };
}
