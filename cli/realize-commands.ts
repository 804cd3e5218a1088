import { Option, type Command } from "commander";
import { REBUILD_ACTIONS } from "../realize/nixos-rebuild.js";
import { buildCommand } from "./commands/build.js";
import { checkCommand } from "./commands/check.js";
import { planCommand } from "./commands/plan.js";
import { switchCommand } from "./commands/switch.js";

const FILE = "topology file (.ts) whose default export is a lab";
const OUT = "output folder (default: generated/<file name> under the current folder)";
const FORCE = "overwrite generated files that were edited by hand";

/** Registers the commands that realize a lab (build, switch) or inspect it (plan, check). */
export function addRealizeCommands(cli: Command): void {
  cli
    .command("build")
    .description("generate, then nix build every image and the system of every host (or --host); print the result paths")
    .argument("<file>", FILE)
    .option("--host <name>", "build only this host's system (and the images)")
    .option("--in-container", "run nix in podman or docker (image docker.io/nixos/nix, store kept in the volume homelab-gen-nix)")
    .option("-o, --out <dir>", OUT)
    .option("-f, --force", FORCE)
    .action(async (file: string, opts) => {
      process.exitCode = await buildCommand(file, opts);
    });
  cli
    .command("switch")
    .description("generate, then nixos-rebuild a host; refuses when NixVirt would delete libvirt objects, unless --yes")
    .argument("<file>", FILE)
    .option("--host <name>", "the host to switch (default: the topology's only host)")
    .option("--target-host <user@host>", "activate on this machine, over ssh")
    .option("--build-host <host>", "build on this machine, over ssh")
    .option("--sudo", "use sudo on the target host to activate")
    .addOption(new Option("--action <action>", "what nixos-rebuild does").choices(REBUILD_ACTIONS).default("switch"))
    .option("-y, --yes", "go on even when NixVirt would delete libvirt objects that are not in the topology")
    .option("--connect <uri>", "libvirt to check for deletions (default: qemu:///system, or qemu+ssh://TARGET/system with --target-host)")
    .option("-o, --out <dir>", OUT)
    .option("-f, --force", FORCE)
    .action(async (file: string, opts) => {
      process.exitCode = await switchCommand(file, opts);
    });
  cli
    .command("plan")
    .description("show what generating and switching would change, changing nothing")
    .argument("<file>", FILE)
    .option("--diff", "also print a unified diff of the generated files")
    .option("--json", "print the plan as JSON")
    .option("--target-host <user@host>", "check the libvirt and install ISOs of this machine, over ssh")
    .option("--connect <uri>", "libvirt to check for deletions (default: qemu:///system)")
    .option("-o, --out <dir>", OUT)
    .action(async (file: string, opts) => {
      process.exitCode = await planCommand(file, opts);
    });
  cli
    .command("check")
    .description("type-check and validate the topology, and check the generated folder is up to date (for CI)")
    .argument("<file>", FILE)
    .option("--json", "print the result as JSON")
    .option("-o, --out <dir>", OUT)
    .action(async (file: string, opts) => {
      process.exitCode = await checkCommand(file, opts);
    });
}
