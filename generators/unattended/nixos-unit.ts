/**
 * The NixOS side of the install media: a oneshot unit that runs `seeds/assemble.sh` on the host's
 * templates folder before
 * NixVirt's `nixvirt.service` (NixVirt v0.6.0 modules.nix: a oneshot after libvirtd.service that
 * defines the domains). Wanted by nixvirt.service and ordered before it: every start of NixVirt's
 * unit (each switch that changes it, each boot) assembles the media first. Wanted, not required:
 * a secret that cannot be read fails this unit (and the switch reports it) but does not keep NixVirt
 * from defining the networks, pools and the other VMs; the ISOs built before stay. `UMask` keeps
 * what it writes private. The template folder is copied into the store, which is fine: it holds
 * placeholders, never values. Secrets are read by the script at run time. Options as nixpkgs'
 * nixos/lib/systemd-unit-options.nix has them: `path` takes packages or strings (`<x>/bin` is
 * added), `scriptArgs` is appended to the script's command line.
 */
import type { Model } from "../../model/model.js";
import { app, attrs, bind, id, list, op, path, sel, str, type Entry, type Expr } from "../../syntax/nix/ast.js";
import { shellWords } from "../../syntax/shell/quote.js";
import { ASSEMBLE_SCRIPT, hasSeed, SEEDS_DIR, seedIsoDir, usesNopromptIso } from "./media.js";

/** The group NixOS's libvirtd module runs QEMU as. */
const NIXOS_QEMU_GROUP = "qemu-libvirtd";

/** The unit's name. */
const seedUnitName = (model: Pick<Model, "lab">): string => `homelab-gen-${model.lab.name}-seeds`;

/** Whether the lab has install media (and the module needs `pkgs`). */
export const hasSeeds = (model: Model): boolean => model.vms.some(hasSeed);

/**
 * `systemd.services.homelab-gen-<lab>-seeds` running `seeds/assemble.sh <seedsDir>`, or nothing without
 * unattended VMs.
 *
 * @example
 * seedUnitEntries(model) // [bind(["systemd", "services", "homelab-gen-sccm-seeds"], ...)]
 */
export function seedUnitEntries(model: Model, seedsDir: string = SEEDS_DIR): Entry[] {
  if (!hasSeeds(model)) return [];
  const pkgs = id("pkgs");
  // Two store paths: the script every host shares, and this host's templates (a change to another
  // host's templates changes nothing here).
  const seeds = app(sel(id("builtins"), "path"), attrs({ path: path(`./${seedsDir}`), name: str(`${model.lab.name}-seeds`) }));
  const parts: Expr[] = [str("exec bash "), path(`./${SEEDS_DIR}/${ASSEMBLE_SCRIPT}`), str(" "), seeds, str(' "$@"')];
  const script = parts.reduce((a, b) => op("+", a, b));
  // The no-prompt copies of Windows ISOs also need 7z (p7zip reads UDF), cmp and awk.
  const tools = ["bash", "coreutils", "findutils", "xorriso", ...(model.vms.some(usesNopromptIso) ? ["p7zip", "diffutils", "gawk"] : [])];
  return [
    bind(
      ["systemd", "services", seedUnitName(model)],
      attrs({
        description: str(`Install media of the ${model.lab.name} lab's unattended VMs (homelab-gen)`),
        wantedBy: list([str("nixvirt.service")]),
        before: list([str("nixvirt.service")]),
        // Secret commands such as `op read` may need the network.
        wants: list([str("network-online.target")]),
        after: list([str("network-online.target")]),
        path: list([...tools.map((t) => sel(pkgs, t)), str("/run/current-system/sw")]),
        serviceConfig: attrs({ Type: str("oneshot"), UMask: str("0077") }),
        script,
        scriptArgs: str(shellWords([seedIsoDir(model), NIXOS_QEMU_GROUP])),
      }),
    ),
  ];
}
