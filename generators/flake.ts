import { relative, resolve, sep } from "node:path";
import {
  app, attrs, bind, bool, file, id, inherit, lambda, letIn, list, path, sel, str, type Entry, type Expr,
} from "../syntax/nix/ast.js";
import { printFile } from "../syntax/nix/printer.js";
import { DEFAULT_NIXPKGS } from "../model/host.js";
import type { ModelHost } from "../model/host.js";
import type { Model } from "../model/model.js";
import { headerLines } from "./header.js";
import { runsContainers, runsLibvirt } from "./lab-features.js";
import { libvirtDirsEntries } from "./nixos/libvirt-dirs.js";
import { nixosWiring } from "./quadlet/nixos-wiring.js";

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

function inputsExpr(model: Model, inputs: Map<string, string>): Expr {
  const entries: Entry[] = [...inputs].map(([branch, name]) => bind([name, "url"], str(`github:NixOS/nixpkgs/${branch}`)));
  if (runsLibvirt(model)) entries.push(bind("nixvirt", attrs([bind("url", str(NIXVIRT_URL)), bind(["inputs", "nixpkgs", "follows"], str("nixpkgs"))])));
  return attrs(entries);
}

/** The NixOS module that defines the lab on a host through NixVirt. */
function nixosModuleExpr(model: Model): Expr {
  const importList = (name: string) => app(id("import"), path(`./nixvirt/${name}.nix`), attrs([inherit(["nixvirt"])]));
  const libvirt: Entry[] = [bind("enable", bool(true))];
  // NixVirt's Windows template has a TPM 2.0 emulated by swtpm.
  if (model.vms.some((vm) => vm.template === "windows")) libvirt.push(bind(["swtpm", "enable"], bool(true)));
  libvirt.push(
    bind(
      ["connections", "qemu:///system"],
      attrs({ networks: importList("networks"), pools: importList("pools"), domains: importList("domains") }),
    ),
  );
  const base = runsLibvirt(model)
    ? [
        bind("imports", list([sel(id("nixvirt"), "nixosModules", "default")])),
        bind(["virtualisation", "libvirt"], attrs(libvirt)),
        ...libvirtDirsEntries(model),
      ]
    : [];
  const { params, bindings, body } = nixosWiring(model, base);
  return lambda({ params: params.map((name) => ({ name })), ellipsis: true }, bindings.length > 0 ? letIn(bindings, body) : body);
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

function hostExpr(model: Model, outDir: string, host: ModelHost, inputs: Map<string, string>): Expr {
  return app(
    sel(id(inputs.get(host.nixpkgs)!), "lib", "nixosSystem"),
    attrs({
      system: str(host.system),
      modules: list([
        sel(id("self"), "nixosModules", "default"),
        ...host.modules.map((m) => modulePath(model, outDir, m)),
        attrs([bind(["networking", "hostName"], str(host.name))]),
      ]),
    }),
  );
}

/**
 * `flake.nix`: inputs nixpkgs and (for libvirt resources) NixVirt 0.6.0; outputs the lab's NixOS
 * module, a NixOS configuration per declared host, the container images as packages, and a dev
 * shell with the libvirt and podman tools the lab needs.
 */
export function flakeFile(model: Model, opts: { outDir: string }): string {
  const inputs = nixpkgsInputs(model);
  const pkgs = id("pkgs");
  const shellPackages = [...(runsLibvirt(model) ? DEV_SHELL_PACKAGES : []), ...(runsContainers(model) ? CONTAINER_SHELL_PACKAGES : [])];
  const outputs = letIn(
    { pkgs: sel(id("nixpkgs"), "legacyPackages", "x86_64-linux") },
    attrs([
      bind(["nixosModules", "default"], nixosModuleExpr(model)),
      bind("nixosConfigurations", attrs(model.hosts.map((h) => bind(h.name, hostExpr(model, opts.outDir, h, inputs))))),
      ...imagePackages(model),
      bind(
        ["devShells", "x86_64-linux", "default"],
        app(sel(pkgs, "mkShell"), attrs({ packages: list(shellPackages.map((p) => sel(pkgs, p))) })),
      ),
    ]),
  );
  const params = ["self", ...inputs.values(), ...(runsLibvirt(model) ? ["nixvirt"] : [])].map((name) => ({ name }));
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
