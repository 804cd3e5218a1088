/**
 * Containers follow a switch: after `nixos-rebuild switch` a Quadlet service whose unit (or the
 * image unit it loads) changed runs the new one, rootful and rootless, and an unchanged one is not
 * restarted.
 *
 * What NixOS does by itself (switch-to-configuration-ng, nixpkgs
 * pkgs/by-name/sw/switch-to-configuration-ng/src/src/main.rs): it compares each active system unit's
 * file in /etc/systemd/system (and its `.d/*.conf` drop-ins) between the old and the new
 * generation, restarts those that differ after `daemon-reload` (which re-runs the Quadlet
 * generator), and stops those that are gone. Units that exist only in /run/systemd/generator, as
 * Quadlet's do, are never compared, so a changed container would keep running the old one. For
 * each user manager it only re-executes the manager (user generators re-run) and restarts the
 * user's `nixos-activation.service`, which runs `system.userActivationScripts`
 * (nixos/modules/system/activation/activation-script.nix); user units are never compared.
 *
 * Rootful (the design of quadlet-nix, SEIAROTg/quadlet-nix nixos-module.nix): each generated
 * service is linked into /etc/systemd/system (`systemd.packages`, a link to its file in
 * /run/systemd/generator) so switch-to-configuration sees it, and gets a drop-in
 * (`overrideStrategy = "asDropin"`) whose `restartTriggers` hold a hash of what it runs: a changed
 * unit or image archive changes the drop-in, so the service is restarted; an unchanged one is left
 * alone; a removed one is stopped. The drop-in unsets the PATH NixOS gives every service (it would
 * replace the unit's own); NixOS's global environment (e.g. LOCALE_ARCHIVE) still lands there, so
 * a nixpkgs update that changes it restarts rootful containers as it restarts NixOS's own services.
 *
 * Rootless: a user activation script (`scripts/follow-switch.sh`) keeps the same hashes per service
 * in the user's state directory and restarts the services whose hash changed, starts new ones a
 * target wants and stops the ones no longer generated.
 */
import type { ModelContainer } from "../../model/container.js";
import type { Model } from "../../model/model.js";
import { app, attrs, bind, id, list, nul, op, sel, str, type Entry, type Expr } from "../../syntax/nix/ast.js";
import type { Placement } from "../placement.js";
import { imageDelivery } from "../quadlet/image-delivery.js";
import type { QuadletUnit } from "../quadlet/units.js";
import { FOLLOW_SWITCH_SCRIPT } from "../scripts.js";

const builtin = (name: string): Expr => sel(id("builtins"), name);
// Nodes every service shares (syntax trees are never changed once built).
const HASH = builtin("hashString");
const SHA256 = str("sha256");
const AS_DROPIN = str("asDropin");
// NixOS gives every service a PATH of store paths (nixos/modules/system/boot/systemd.nix); in the
// drop-in it would replace the PATH the unit sets for its secret commands: unset it.
const NO_PATH = attrs([bind("PATH", app(sel(id("lib"), "mkForce"), nul()))]);

/** The image unit whose text, beside the container's own, decides whether its service must restart. */
function imageUnit(model: Model, c: ModelContainer): string | undefined {
  const delivery = imageDelivery(model, c, false);
  return delivery.kind === "image-unit" ? `${delivery.image.name}.image` : undefined;
}

/** How the wiring hashes a unit: its own text, and for a container the image unit it loads. */
type Stamp = (u: QuadletUnit) => Expr;

/** Rootful services: linked into /etc/systemd/system, each with a drop-in holding its hash. */
function rootfulEntries(model: Model, units: readonly QuadletUnit[], stamp: Stamp): Entry[] {
  if (units.length === 0) return [];
  const links = units.map((u) => attrs({ name: str(`etc/systemd/system/${u.service}`), path: str(`/run/systemd/generator/${u.service}`) }));
  return [
    bind(["systemd", "packages"], list([app(sel(id("pkgs"), "linkFarm"), str(`homelab-gen-${model.lab.name}-quadlet`), list(links))])),
    ...units.map((u) =>
      bind(
        ["systemd", "services", u.service.replace(/\.service$/, "")],
        attrs({ overrideStrategy: AS_DROPIN, restartTriggers: list([stamp(u)]), environment: NO_PATH }),
      ),
    ),
  ];
}

/**
 * Rootless services: one line per user in `system.userActivationScripts`, running
 * scripts/follow-switch.sh with each service's hash; `+` marks containers a target wants, which
 * start on their first activation (other services only restart).
 */
function rootlessEntries(model: Model, byUser: ReadonlyMap<string, readonly QuadletUnit[]>, stamp: Stamp): Entry[] {
  if (byUser.size === 0) return [];
  const wanted = new Set(model.containers.filter((c) => c.wantedBy.length > 0).map((c) => `${c.name}.container`));
  const script = app(id("toString"), sel(id("scripts"), FOLLOW_SWITCH_SCRIPT));
  const line = ([user, mine]: [string, readonly QuadletUnit[]]): Expr => {
    const services = mine.map((u) => op("+", str(`${wanted.has(u.file) ? "+" : ""}${u.service}=`), stamp(u)));
    return app(builtin("concatStringsSep"), str(" "), list([str("/bin/sh"), script, str(user), str(model.lab.name), ...services]));
  };
  const lines = [...byUser].sort(([a], [b]) => (a < b ? -1 : 1)).map(line);
  return [bind(["system", "userActivationScripts", `homelab-gen-${model.lab.name}`, "text"], app(builtin("concatStringsSep"), str("\n"), list(lines)))];
}

/**
 * The wiring that restarts changed Quadlet services on a switch, for the units `where` selects.
 * `textOf` gives the Nix expression of a unit file's installed text (store paths in place).
 */
export function followSwitchEntries(
  model: Model,
  units: readonly QuadletUnit[],
  where: (p: Placement) => boolean,
  textOf: (file: string) => Expr,
): Entry[] {
  const containers = new Map(model.containers.map((c) => [`${c.name}.container`, c]));
  const files = new Set(units.map((u) => u.file));
  const stamp: Stamp = (u) => {
    const c = containers.get(u.file);
    const image = c === undefined ? undefined : imageUnit(model, c);
    const own = textOf(u.file);
    return app(HASH, SHA256, image !== undefined && files.has(image) ? op("+", own, textOf(image)) : own);
  };
  const rootful: QuadletUnit[] = [];
  const byUser = new Map<string, QuadletUnit[]>();
  for (const u of units) {
    for (const p of u.placements.filter(where)) {
      if (p.user === undefined) rootful.push(u);
      else if (byUser.has(p.user)) byUser.get(p.user)!.push(u);
      else byUser.set(p.user, [u]);
    }
  }
  return [...rootfulEntries(model, rootful, stamp), ...rootlessEntries(model, byUser, stamp)];
}
