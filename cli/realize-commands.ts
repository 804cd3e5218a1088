import { Option, type Command } from "commander";
import { REBUILD_ACTIONS } from "../realize/nixos-rebuild.js";
import { buildCommand } from "./commands/build.js";
import { checkCommand } from "./commands/check.js";
import { deployCommand } from "./commands/deploy.js";
import { DEPLOY_ACTIONS, ENGINES } from "../deploy/engine.js";
import { planCommand } from "./commands/plan.js";
import { switchCommand } from "./commands/switch.js";

const FILE = "topology file (.ts) whose default export is a lab";
const OUT = "output folder (default: generated/<file name> under the current folder)";
const FORCE = "overwrite generated files that were edited by hand";
// Defined --diagram first, then --no-diagram: commander then leaves the option unset when neither is given.
export const DIAGRAM = "write topology.svg and topology.mmd (default: as the output folder holds them; a new folder gets them)";
export const NO_DIAGRAM = "do not write topology.svg and topology.mmd";

/** Registers the commands that realize a lab (build, switch) or inspect it (plan, check). */
export function addRealizeCommands(cli: Command): void {
  cli
    .command("build")
    .description("generate, then nix build every image and the system of every host (or --host); print the result paths")
    .argument("<file>", FILE)
    .option("--host <name>", "build only this host's system (and the images)")
    .option("--in-container", "run nix in podman or docker (image docker.io/nixos/nix, store kept in the volume homelab-gen-nix)")
    .option("-o, --out <dir>", OUT)
    .option("--diagram", DIAGRAM)
    .option("--no-diagram", NO_DIAGRAM)
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
    .option("--diagram", DIAGRAM)
    .option("--no-diagram", NO_DIAGRAM)
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
    .option("--connect <uri>", "libvirt to check for deletions (default: qemu:///system; with several hosts, each host's over qemu+ssh)")
    .option("--on <hosts>", "with several hosts: check only these (names, globs, @tags)")
    .option("-o, --out <dir>", OUT)
    .option("--diagram", DIAGRAM)
    .option("--no-diagram", NO_DIAGRAM)
    .action(async (file: string, opts) => {
      process.exitCode = await planCommand(file, opts);
    });
  cli
    .command("check")
    .description("type-check and validate the topology, and check the generated folder is up to date (for CI)")
    .argument("<file>", FILE)
    .option("--json", "print the result as JSON")
    .option("-o, --out <dir>", OUT)
    .option("--diagram", DIAGRAM)
    .option("--no-diagram", NO_DIAGRAM)
    .action(async (file: string, opts) => {
      process.exitCode = await checkCommand(file, opts);
    });
  cli
    .command("deploy")
    .description("generate, then build and activate every selected host with Colmena, deploy-rs or nixos-rebuild; refuses when NixVirt would delete libvirt objects on any of them, unless --yes")
    .argument("<file>", FILE)
    .option("--on <hosts>", "only these hosts: names, globs (hv*) and @tags, separated by commas")
    .option("-p, --parallel <n>", "hosts deployed at a time (0: all)", "10")
    .addOption(new Option("--engine <engine>", "the deployment tool").choices(ENGINES).default("colmena"))
    .addOption(new Option("--action <action>", "activate now (switch), at next boot, or now without making it the boot default (test)").choices(DEPLOY_ACTIONS).default("switch"))
    .option("-y, --yes", "go on even when NixVirt would delete libvirt objects that are not in the topology")
    .option("-o, --out <dir>", OUT)
    .option("--diagram", DIAGRAM)
    .option("--no-diagram", NO_DIAGRAM)
    .option("-f, --force", FORCE)
    .action(async (file: string, opts) => {
      process.exitCode = await deployCommand(file, opts);
    });
}
