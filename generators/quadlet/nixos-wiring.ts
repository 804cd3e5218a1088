/**
 * The NixOS side of containers and jobs, merged into the flake's `nixosModules.default`: podman
 * enabled, each Quadlet file linked into the directory its manager reads, timers enabled.
 * Units holding a placeholder (an image archive, a script they run) are read and rewritten with the
 * store path, so the committed files stay free of store paths and the image or script becomes a
 * dependency of the system.
 */
import type { Model } from "../../model/model.js";
import {
  app, attrs, bind, bool, id, inherit, lambda, list, nul, op, path, sel, str, type Entry, type Expr,
} from "../../syntax/nix/ast.js";
import { templateArchive, templateEntries } from "../control-command/nixos.js";
import { runsContainers } from "../lab-features.js";
import type { Placement } from "../placement.js";
import { systemdUnits, type SystemdUnit } from "../systemd/units.js";
import { followSwitchEntries } from "../nixos/follow-switch.js";
import { SECRET_SCRIPT, labScripts, scriptPlaceholder } from "../scripts.js";
import { archivePlaceholder } from "./archive.js";
import { quadletUnits, type QuadletUnit } from "./units.js";

/** What the module needs besides its attributes: arguments and `let` bindings. */
export interface NixosWiring {
  readonly params: readonly string[];
  readonly bindings: readonly Entry[];
  readonly body: Expr;
}

const config = id("config");
const builtin = (name: string): Expr => sel(id("builtins"), name);

/** `/etc` path of a Quadlet file for a manager: rootful units directly, a user's under their UID (podman 4.6+). */
function etcName(placement: Placement, file: string): Expr {
  if (placement.user === undefined) return str(`containers/systemd/${file}`);
  const uid = app(id("toString"), sel(config, "users", "users", placement.user, "uid"));
  return op("+", op("+", str("containers/systemd/users/"), uid), str(`/${file}`));
}

/** Whether a unit's text names a store path by placeholder (see archive.ts and scripts.ts). */
const holdsPlaceholder = (text: string): boolean => text.includes("@HOMELAB_GEN_");

/** The units to wire: Quadlet files as the NixOS target generates them, and job units; and the lab's container templates. */
interface Units {
  readonly quadlet: readonly QuadletUnit[];
  readonly jobs: readonly SystemdUnit[];
  readonly model: Model;
}

/** The share of the wiring of the managers `where` selects: their Quadlet files and jobs. */
function placementEntries({ quadlet: units, jobs: allJobs, model }: Units, where: (p: Placement) => boolean): Entry[] {
  const etc = units.flatMap((u) =>
    u.placements.filter(where).map((p) =>
      attrs({
        name: etcName(p, u.file),
        value: attrs([
          holdsPlaceholder(u.text)
            ? bind("text", app(id("withStorePaths"), path(`./quadlet/${u.file}`)))
            : bind("source", path(`./quadlet/${u.file}`)),
        ]),
      }),
    ),
  );
  const jobs = allJobs.filter((u) => where(u.placement));
  const unitEntries = (rootless: boolean): Entry[] =>
    jobs
      .filter((u) => (u.placement.user !== undefined) === rootless)
      .map((u) =>
        bind(
          [u.file],
          attrs({
            text: app(holdsPlaceholder(u.text) ? id("withStorePaths") : builtin("readFile"), path(`./systemd/${u.file}`)),
            wantedBy: u.timer ? list([str("timers.target")]) : undefined,
          }),
        ),
      );
  const usersOf = (placements: readonly Placement[]) => placements.flatMap((p) => (p.user === undefined ? [] : [p.user]));
  const rootlessQuadlet = [...new Set(usersOf(units.flatMap((u) => u.placements.filter(where))))].sort();
  const templates = templateEntries(model, model.containerTemplates.filter((t) => where({ ...(t.host !== undefined && { host: t.host }) })), id("withStorePaths"));
  const users = [...new Set([...rootlessQuadlet, ...usersOf(jobs.map((j) => j.placement)), ...templates.users])].sort();
  const entries: Entry[] = [bind(["virtualisation", "podman", "enable"], bool(true))];
  if (etc.length > 0) entries.push(bind(["environment", "etc"], app(builtin("listToAttrs"), list(etc))));
  const texts = new Map(units.map((u) => [u.file, u.text]));
  const textOf = (file: string) => app(holdsPlaceholder(texts.get(file)!) ? id("withStorePaths") : builtin("readFile"), path(`./quadlet/${file}`));
  entries.push(...followSwitchEntries(model, units, where, textOf));
  const system = unitEntries(false);
  const user = unitEntries(true);
  if (system.length > 0) entries.push(bind(["systemd", "units"], attrs(system)));
  if (user.length > 0) entries.push(bind(["systemd", "user", "units"], attrs(user)));
  entries.push(...templates.entries);
  // A user's manager runs at boot only when the user lingers.
  for (const u of users) entries.push(bind(["users", "users", u, "linger"], bool(true)));
  const checks = rootlessQuadlet.map((u) =>
    attrs({
      assertion: op("!=", sel(config, "users", "users", u, "uid"), nul()),
      message: str(`homelab-gen: ${u} runs rootless containers, whose Quadlet files go to /etc/containers/systemd/users/<uid>: give users.users.${u} a fixed uid.`),
    }),
  );
  if (checks.length > 0) entries.push(bind("assertions", list(checks)));
  return entries;
}

/**
 * `let` bindings: the images whose archives units name, the scripts they run (store scripts written
 * from `scripts/<name>.sh`), and the function that puts their store paths in place of the placeholders.
 */
function storePathBindings({ quadlet: units, jobs, model }: Units): Entry[] {
  const fromTemplates = model.containerTemplates.flatMap((t) => templateArchive(model, t, false) ?? []);
  const archived = [...new Set([...units.flatMap((u) => (u.archive === undefined ? [] : [u.archive])), ...fromTemplates])].sort();
  const scripts = labScripts(model, false).map((s) => s.name);
  if (archived.length === 0 && scripts.length === 0) return [];
  // Container templates' commands write units that run the secret script too (control-command/nixos.ts).
  const templateSecrets = model.containerTemplates.some((t) => t.container.secrets.some((s) => s.kind === "command"));
  const named = (name: string) => (name === SECRET_SCRIPT && templateSecrets) || [...units, ...jobs].some((u) => u.text.includes(scriptPlaceholder(name)));
  const pkgs = id("pkgs");
  const bindings: Entry[] = [];
  if (archived.length > 0) {
    bindings.push(bind("images", attrs(archived.map((name) => bind([name], app(id("import"), path(`./containers/${name}.nix`), attrs([inherit(["pkgs"])])))))));
  }
  if (scripts.length > 0) {
    const script = (name: string) => app(sel(pkgs, "writeScript"), str(`${name}.sh`), app(builtin("readFile"), path(`./scripts/${name}.sh`)));
    bindings.push(bind("scripts", attrs(scripts.map((name) => bind([name], script(name))))));
  }
  const replace = [
    ...archived.map((name) => [archivePlaceholder(name), sel(id("images"), name)] as const),
    ...scripts.filter(named).map((name) => [scriptPlaceholder(name), sel(id("scripts"), name)] as const),
  ];
  bindings.push(
    bind(
      "withStorePaths",
      lambda(
        "file",
        app(
          builtin("replaceStrings"),
          list(replace.map(([placeholder]) => str(placeholder))),
          list(replace.map(([, value]) => app(id("toString"), value))),
          app(builtin("readFile"), id("file")),
        ),
      ),
    ),
  );
  return bindings;
}

/** Each host's share of the units (a unit with placements on several hosts is in each), in one pass. */
function unitsByHost(units: Units): Map<string, Units> {
  const shares = new Map<string, { quadlet: QuadletUnit[]; jobs: SystemdUnit[]; model: Model }>();
  const share = (host: string | undefined) => {
    const found = shares.get(host ?? "") ?? { quadlet: [], jobs: [], model: units.model };
    shares.set(host ?? "", found);
    return found;
  };
  for (const u of units.quadlet) {
    for (const host of new Set(u.placements.map((p) => p.host))) share(host).quadlet.push({ ...u, placements: u.placements.filter((p) => p.host === host) });
  }
  for (const j of units.jobs) share(j.placement.host).jobs.push(j);
  return shares;
}

/**
 * The module body: `base` (the libvirt part) plus the container wiring. With several hosts each
 * host's share is guarded by its host name, since every host imports the same module.
 */
export function nixosWiring(model: Model, base: readonly Entry[]): NixosWiring {
  if (!runsContainers(model)) return { params: [], bindings: [], body: attrs([...base]) };
  const units: Units = { quadlet: quadletUnits(model, false), jobs: systemdUnits(model, false), model };
  const bindings = storePathBindings(units);
  // pkgs and lib: image archives, store scripts, the links and drop-ins of rootful Quadlet services
  // (follow-switch.ts); control commands are built with pkgs.writeShellApplication and lib.removePrefix.
  const rootful = units.quadlet.some((u) => u.placements.some((p) => p.user === undefined));
  const commands = model.containerTemplates.length > 0;
  const params = ["config", ...(bindings.length > 0 || rootful || commands ? ["pkgs"] : []), ...(model.hosts.length > 1 || rootful || commands ? ["lib"] : [])];
  if (model.hosts.length <= 1) return { params, bindings, body: attrs([...base, ...placementEntries(units, () => true)]) };
  const lib = id("lib");
  const byHost = unitsByHost(units);
  const busy = new Set([...model.containers, ...model.jobs, ...model.containerTemplates].map((r) => r.host));
  const perHost = model.hosts
    .filter((h) => busy.has(h.name))
    .map((h) => {
      const share = byHost.get(h.name) ?? { ...units, quadlet: [], jobs: [] };
      return app(sel(lib, "mkIf"), op("==", sel(config, "networking", "hostName"), str(h.name)), attrs(placementEntries(share, (p) => p.host === h.name)));
    });
  return { params, bindings, body: app(sel(lib, "mkMerge"), list([attrs([...base]), ...perHost])) };
}
