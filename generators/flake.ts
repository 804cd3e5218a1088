import { relative, resolve, sep } from "node:path";
import {
  app, attrs, bind, bool, file, id, inherit, lambda, letIn, list, path, sel, str, type Entry, type Expr,
} from "../syntax/nix/ast.js";
import { printFile } from "../syntax/nix/printer.js";
import { DEFAULT_NIXPKGS } from "../model/host.js";
import type { ModelHost } from "../model/host.js";
import type { Model } from "../model/model.js";
import { bridgeEntries } from "./fleet/bridges.js";
import { COLMENA_URL, colmenaExpr, colmenaHiveExpr } from "./fleet/colmena.js";
import { DEPLOY_RS_URL, deployChecksExpr, deployNodesExpr } from "./fleet/deploy-rs.js";
import { deploysFleet, hasLibvirtObjects, modelOn, perHostLayout } from "./fleet/host-model.js";
import { headerLines } from "./header.js";
import { runsContainers, runsLibvirt } from "./lab-features.js";
import { libvirtDirsEntries } from "./nixos/libvirt-dirs.js";
import { nixosWiring } from "./quadlet/nixos-wiring.js";
import { seedsDirOf } from "./unattended/media.js";
import { hasSeeds, seedUnitEntries } from "./unattended/nixos-unit.js";

/** NixVirt's newest release; master is often broken, so the input is pinned. */
export const NIXVIRT_URL = "https://flakehub.com/f/AshleyYakeley/NixVirt/0.6.0.tar.gz";

/** Tools a lab user wants at hand: virsh, virt-install, qemu-img, the GUI and viewer. */
const DEV_SHELL_PACKAGES = ["libvirt", "qemu", "virt-manager", "virt-viewer", "OVMF", "swtpm"];
/** ... and for containers: podman, and skopeo to inspect and copy images. */
const CONTAINER_SHELL_PACKAGES = ["podman", "skopeo"];

/** The flake input name of a nixpkgs branch: the first host's branch is plain `nixpkgs`. */
export function nixpkgsInputs(model: Model): Map<string, string> {
  const branches = [...new Set([model.hosts[0]?.nixpkgs ?? DEFAULT_NIXPKGS, ...model.hosts.map((h) => h.nixpkgs)])];
  return new Map(branches.map((branch, i) => [branch, i === 0 ? "nixpkgs" : `nixpkgs-${branch.replace(/[^A-Za-z0-9_-]/g, "-")}`]));
}

/** Whether any host's configuration holds libvirt objects (NixVirt is an input). */
const fleetRunsLibvirt = (model: Model): boolean =>
  perHostLayout(model) ? model.hosts.some((h) => hasLibvirtObjects(modelOn(model, h.name))) : runsLibvirt(model);

function inputsExpr(model: Model, inputs: Map<string, string>): Expr {
  const entries: Entry[] = [...inputs].map(([branch, name]) => bind([name, "url"], str(`github:NixOS/nixpkgs/${branch}`)));
  if (fleetRunsLibvirt(model)) entries.push(bind("nixvirt", attrs([bind("url", str(NIXVIRT_URL)), bind(["inputs", "nixpkgs", "follows"], str("nixpkgs"))])));
  if (deploysFleet(model)) entries.push(bind(["colmena", "url"], str(COLMENA_URL)), bind(["deploy-rs", "url"], str(DEPLOY_RS_URL)));
  return attrs(entries);
}

/**
 * The NixOS module that defines the lab (or one host's share of a fleet) through NixVirt, with
 * the host bridges of bridged networks, the install-media unit and the container wiring.
 * `nixvirtDir`: where its lists are; `seedsDir`: where its install-media templates are.
 */
function nixosModuleExpr(model: Model, nixvirtDir: string, withLibvirt: boolean, seedsDir = seedsDirOf()): Expr {
  const importList = (name: string) => app(id("import"), path(`./${nixvirtDir}/${name}.nix`), attrs([inherit(["nixvirt"])]));
  const libvirt: Entry[] = [bind("enable", bool(true))];
  // NixVirt's Windows template has a TPM 2.0 emulated by swtpm.
  if (model.vms.some((vm) => vm.template === "windows")) libvirt.push(bind(["swtpm", "enable"], bool(true)));
  libvirt.push(
    bind(
      ["connections", "qemu:///system"],
      attrs({ networks: importList("networks"), pools: importList("pools"), domains: importList("domains") }),
    ),
  );
  const bridges = bridgeEntries(model.networks, model.hosts[0]?.name);
  const base = withLibvirt
    ? [
        bind("imports", list([sel(id("nixvirt"), "nixosModules", "default")])),
        bind(["virtualisation", "libvirt"], attrs(libvirt)),
        ...libvirtDirsEntries(model),
        ...bridges,
        ...seedUnitEntries(model, seedsDir),
      ]
    : [];
  const wiring = nixosWiring(model, base);
  // lib.mkDefault in the bridge settings; the install-media unit names packages (xorriso, ...).
  const needs = [...(bridges.length > 0 ? ["lib"] : []), ...(hasSeeds(model) ? ["pkgs"] : [])];
  const params = [...wiring.params, ...needs.filter((p) => !wiring.params.includes(p))];
  const { bindings, body } = wiring;
  return lambda({ params: params.map((name) => ({ name })), ellipsis: true }, bindings.length > 0 ? letIn(bindings, body) : body);
}

/** `nixosModules`: the lab's one module, or with several hosts one per host with its own NixVirt lists. */
function nixosModulesEntries(model: Model): Entry[] {
  if (!perHostLayout(model)) return [bind(["nixosModules", "default"], nixosModuleExpr(model, "nixvirt", runsLibvirt(model)))];
  return model.hosts.map((h) => {
    const share = modelOn(model, h.name);
    return bind(["nixosModules", h.name], nixosModuleExpr(share, `nixvirt/${h.name}`, hasLibvirtObjects(share), seedsDirOf(h.name)));
  });
}

/** `packages.x86_64-linux.<image>`: each Nix-built container image (`nix build .#<image>`). */
const imagePackages = (model: Model): Entry[] =>
  model.images.length === 0
    ? []
    : [bind(["packages", "x86_64-linux"], attrs(model.images.map((i) => bind([i.name], app(id("import"), path(`./containers/${i.name}.nix`), attrs([inherit(["pkgs"])]))))))];

/** A host module path (relative to the topology) as a path literal relative to the flake. */
function modulePath(model: Model, outDir: string, module: string): Expr {
  const rel = relative(outDir, resolve(model.topologyDir, module)).split(sep).join("/");
  return path(rel.startsWith("../") ? rel : `./${rel}`);
}

/** The modules of a host's system: the lab's (or its own) module, the user's host modules, its host name. */
const hostModuleList = (model: Model, outDir: string, host: ModelHost): Expr =>
  list([
    sel(id("self"), "nixosModules", perHostLayout(model) ? host.name : "default"),
    ...host.modules.map((m) => modulePath(model, outDir, m)),
    attrs([bind(["networking", "hostName"], str(host.name))]),
  ]);

/** `nixosConfigurations.<host>`; in a fleet the module list is shared with Colmena's node (`hostModules.<host>`). */
function hostExpr(model: Model, outDir: string, host: ModelHost, inputs: Map<string, string>): Expr {
  return app(
    sel(id(inputs.get(host.nixpkgs)!), "lib", "nixosSystem"),
    attrs({
      system: str(host.system),
      modules: deploysFleet(model) ? sel(id("hostModules"), host.name) : hostModuleList(model, outDir, host),
    }),
  );
}

/** Colmena's hive (raw and evaluated) and deploy-rs's nodes and checks. */
function deployEntries(model: Model, inputs: Map<string, string>): Entry[] {
  const pkgsOf = (h: ModelHost): Expr => sel(id(inputs.get(h.nixpkgs)!), "legacyPackages", h.system);
  return [
    bind("colmena", colmenaExpr(model.hosts, `${model.lab.name} lab, generated by homelab-gen`, pkgsOf)),
    bind("colmenaHive", colmenaHiveExpr()),
    bind(["deploy", "nodes"], deployNodesExpr(model.hosts)),
    bind("checks", deployChecksExpr()),
  ];
}

/**
 * `flake.nix`: inputs nixpkgs and (for libvirt resources) NixVirt 0.6.0; outputs the lab's NixOS
 * module (one per host when there are several), a NixOS configuration per declared host, the
 * container images as packages, and a dev shell with the libvirt and podman tools the lab needs.
 * A fleet (several hosts, or deploy settings) also gets Colmena and deploy-rs as inputs and their
 * outputs: `colmena`, `colmenaHive`, `deploy.nodes` and deploy-rs's `checks`.
 */
export function flakeFile(model: Model, opts: { outDir: string }): string {
  const inputs = nixpkgsInputs(model);
  const pkgs = id("pkgs");
  const fleet = deploysFleet(model);
  const libvirt = fleetRunsLibvirt(model);
  const shellPackages = [
    ...[...(libvirt ? DEV_SHELL_PACKAGES : []), ...(runsContainers(model) ? CONTAINER_SHELL_PACKAGES : [])].map((p) => sel(pkgs, p)),
    // The deploy tools of the pinned inputs: a hive is read only by the Colmena that made it.
    ...(fleet ? [sel(id("colmena"), "packages", "x86_64-linux", "colmena"), sel(id("deploy-rs"), "packages", "x86_64-linux", "deploy-rs")] : []),
  ];
  const letBindings: Entry[] = [bind("pkgs", sel(id("nixpkgs"), "legacyPackages", "x86_64-linux"))];
  if (fleet) letBindings.push(bind("hostModules", attrs(model.hosts.map((h) => bind([h.name], hostModuleList(model, opts.outDir, h))))));
  const outputs = letIn(
    letBindings,
    attrs([
      ...nixosModulesEntries(model),
      bind("nixosConfigurations", attrs(model.hosts.map((h) => bind(h.name, hostExpr(model, opts.outDir, h, inputs))))),
      ...(fleet ? deployEntries(model, inputs) : []),
      ...imagePackages(model),
      bind(["devShells", "x86_64-linux", "default"], app(sel(pkgs, "mkShell"), attrs({ packages: list(shellPackages) }))),
    ]),
  );
  const params = ["self", ...inputs.values(), ...(libvirt ? ["nixvirt"] : []), ...(fleet ? ["colmena", "deploy-rs"] : [])].map((name) => ({ name }));
  return printFile(
    file(
      headerLines(model),
      attrs([
        bind("description", str(`${model.lab.name} lab, generated by homelab-gen`)),
        bind("inputs", inputsExpr(model, inputs)),
        bind("outputs", lambda({ params, ellipsis: true }, outputs)),
      ]),
    ),
  );
}
