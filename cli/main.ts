// The `homelab-gen` executable.
// First, so that `check` starts its type check while the rest of the CLI loads.
import "./early-type-check.js";
import { main } from "./program.js";

process.exitCode = await main(process.argv.slice(2));
