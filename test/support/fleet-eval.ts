/**
 * Evaluates a generated fleet flake offline with the real deployment code: Colmena 0.4.0's
 * `eval.nix` (through `lib.makeHive`, as Colmena's flake defines it) and deploy-rs's `lib` (from
 * its flake's overlay), both vendored under test/fixtures with their licences, on a stub nixpkgs
 * whose module system is the real (vendored) nixpkgs lib.
 */
import { join } from "node:path";
import { ROOT, nixStr } from "./generated.js";
import { nixEvalJson } from "./nix.js";

const FIXTURES = join(ROOT, "test/fixtures");

/** The flake's outputs as `self`, every input replaced by its offline stand-in; `body` sees `self` and `lib`. */
export function evalFleetFlake(dir: string, body: string): unknown {
  const fx = (p: string) => nixStr(join(FIXTURES, p));
  return nixEvalJson(`
    let
      flake = import ${nixStr(join(dir, "flake.nix"))};
      lib = import ${fx("nixpkgs-lib/lib")};
      colmena = {
        lib.makeHive = rawHive: import ${fx("colmena/eval.nix")} {
          inherit rawHive;
          hermetic = true;
          colmenaOptions = import ${fx("colmena/options.nix")};
          colmenaModules = import ${fx("colmena/modules.nix")};
        };
        packages.x86_64-linux.colmena = { type = "derivation"; name = "colmena"; };
      };
      deployFlake = (import ${fx("deploy-rs/flake.nix")}).outputs {
        self = deployFlake;
        nixpkgs = { };
        utils.lib = { eachSystem = _: _: { }; defaultSystems = [ ]; };
      };
      drv = name: { type = "derivation"; inherit name; outPath = "/nix/store/00000000000000000000000000000000-" + name; };
      final = {
        inherit lib;
        buildEnv = args: drv args.name // { inherit (args) paths; };
        writeTextFile = args: drv args.name // { inherit args; };
        runCommand = name: env: script: drv name // { inherit script; };
        writeText = name: text: drv name // { inherit text; };
        check-jsonschema = drv "check-jsonschema";
      };
      deploy-rs = {
        lib = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (system: (deployFlake.overlays.default final { }).deploy-rs.lib);
        packages.x86_64-linux.deploy-rs = drv "deploy-rs";
      };
      nixpkgsInputs = lib.genAttrs (builtins.filter (lib.hasPrefix "nixpkgs") (builtins.attrNames flake.inputs)) (branch: import ${fx("fleet-nixpkgs")} { inherit branch; });
      self = flake.outputs (nixpkgsInputs // { inherit self colmena deploy-rs; nixvirt = import ${fx("nixvirt-stub.nix")}; });
    in
    ${body}
  `);
}
