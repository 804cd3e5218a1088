import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import { TopologyError, countProblems, formatDiagnostics } from "../model/diagnostic.js";
import { ImportError } from "../import/errors.js";
import { Failure } from "../realize/failure.js";
import { OutputError, WriteConflictError } from "../writer/index.js";
import { generateCommand } from "./commands/generate.js";
import { GRAPH_FORMATS, graphCommand } from "./commands/graph.js";
import { importCommand } from "./commands/import.js";
import { EXIT } from "./exit.js";
import { LoadError } from "./load.js";
import { addRealizeCommands, DIAGRAM, NO_DIAGRAM } from "./realize-commands.js";
import { VERSION } from "./version.js";

/** Expected failures print one clear message, never a stack trace. */
function report(error: unknown): number {
  if (error instanceof TopologyError) {
    console.error(`${pc.red("error")}: ${countProblems(error.diagnostics)} in the topology; nothing was written.\n${formatDiagnostics(error.diagnostics)}`);
    return EXIT.invalid;
  }
  if (error instanceof WriteConflictError || error instanceof OutputError) {
    console.error(`${pc.red("error")}: ${error.message}`);
    return EXIT.invalid;
  }
  if (error instanceof ImportError) {
    console.error(`${pc.red("error")}: ${error.message}; nothing was written.`);
    return EXIT.invalid;
  }
  if (error instanceof LoadError) {
    console.error(`${pc.red("error")}: ${error.message}`);
    return EXIT.invalid;
  }
  if (error instanceof Failure) {
    console.error(`${pc.red("error")}: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  throw error;
}

/** Build the command line; separate from running it so tests can drive it. */
export function program(): Command {
  const cli = new Command("homelab-gen")
    .description("Generate NixVirt, dockerTools and Podman Quadlet files from a typed TypeScript homelab topology.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run homelab-gen --help for usage)");
  cli
    .command("generate", { isDefault: true })
    .description("write the generated files of a topology (the default command)")
    .argument("<file>", "topology file (.ts) whose default export is a lab")
    .option("-o, --out <dir>", "output folder (default: generated/<file name> under the current folder)")
    .option("-f, --force", "overwrite generated files that were edited by hand")
    .addOption(new Option("-t, --target <target>", "what to generate (default: what the output folder holds, else nixos)").choices(["nixos", "libvirt"]))
    .option("-q, --quiet", "print nothing on success")
    .option("--diagram", DIAGRAM)
    .option("--no-diagram", NO_DIAGRAM)
    .action(async (file: string, opts) => {
      process.exitCode = await generateCommand(file, opts);
    });
  addRealizeCommands(cli);
  cli
    .command("graph")
    .description("write the topology diagram in one format (SVG, Mermaid, DOT or PNG) to a file or stdout")
    .argument("<file>", "topology file (.ts) whose default export is a lab")
    .addOption(new Option("--format <format>", "diagram format").choices(GRAPH_FORMATS).default("svg"))
    .option("-o, --output <path>", "where to write it; - is stdout", "-")
    .action(async (file: string, opts) => {
      process.exitCode = await graphCommand(file, opts);
    });
  cli
    .command("import")
    .description("write a topology file declaring what a host already runs: libvirt networks, pools, volumes and VMs; Quadlet units; podman containers")
    .option("--connect <uri>", "read them from this libvirt with virsh (qemu:///system, qemu+ssh://user@host/system, test:///default)")
    .option("--xml <dir>", "read saved virsh dumpxml / net-dumpxml / pool-dumpxml files (volumes in a subfolder named after their pool)")
    .option("--quadlet <dir>", "also read the Quadlet .container, .volume and .network files of this folder")
    .option("--podman", "also read podman's containers (podman container inspect)")
    .option("--user", "with --podman: they are this user's rootless containers (declared with `user`)")
    .option("--lan-subnet <cidr>", "the LAN subnet that networks on a host bridge (forward mode bridge) join; without it they are not imported")
    .requiredOption("-o, --out <file>", "the topology file to write (.ts)")
    .option("--name <lab>", "the lab's name (default: the output file's name)")
    .option("-f, --force", "replace the output file if it exists")
    .action(async (opts) => {
      process.exitCode = await importCommand(opts);
    });
  return cli;
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    return report(error);
  }
}

