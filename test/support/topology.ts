import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTopology } from "../../cli/load.js";
import { buildModel, type BuildResult } from "../../model/build.js";

/** Write `source` as a topology file in a fresh temp folder; returns its path. */
export function topologyFile(source: string, name = "topology.ts"): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-topo-"));
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** Load and build a topology given as source text, the way the CLI does. */
export function build(source: string): BuildResult & { file: string } {
  const file = topologyFile(source);
  return { ...buildModel(loadTopology(file), file), file };
}

/** The diagnostics of a topology that must be invalid, as `line: resource: message` strings. */
export function problems(source: string): string[] {
  const result = build(source);
  if (result.ok) throw new Error("expected the topology to be invalid");
  return result.diagnostics.map((d) => `${d.source.line}: ${d.severity === "warning" ? "warning: " : ""}${d.resource}: ${d.message}`);
}

/** The warnings of a topology that must be valid, as `line: resource: message` strings. */
export function warnings(source: string): string[] {
  const result = build(source);
  if (!result.ok) throw new Error(`expected the topology to be valid:\n${result.diagnostics.map((d) => d.message).join("\n")}`);
  return result.warnings.map((d) => `${d.source.line}: ${d.resource}: ${d.message}`);
}

/** A line-numbered topology prelude: line 1 imports, line 2 the lab, line 3 a pool. Tests add from line 4. */
export const PRELUDE = [
  `import { lab, gib, mib } from "homelab-gen";`,
  `const l = lab("t");`,
  `const pool = l.pool("p", { path: "/var/lib/libvirt/images/p" });`,
].join("\n");

/** Prelude plus the given lines (starting at line 4) plus `export default l;`. */
export const topo = (...lines: string[]): string => [PRELUDE, ...lines, "export default l;"].join("\n");
