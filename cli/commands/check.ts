import { relative } from "node:path";
import pc from "picocolors";
import { formatDiagnostics, isError, TopologyError, type Diagnostic } from "../../model/diagnostic.js";
import { EXIT } from "../exit.js";
import { assertTopologyFile, LoadError } from "../load.js";
import { outputOptions, synthesizeAll, type Synthesis } from "../pipeline.js";
import { reportWarnings } from "../warnings.js";
import { isStale, staleness, type Staleness } from "../staleness.js";
import { OutputError } from "../../writer/index.js";
import { formatTypeProblem, typeCheck, type TypeProblem } from "../typecheck.js";

/** Options of `homelab-gen check`. */
export interface CheckOptions {
  readonly out?: string;
  readonly json?: boolean;
  /** `--diagram` / `--no-diagram`: topology.svg and topology.mmd or not; unset, as the output folder holds. */
  readonly diagram?: boolean;
}

/** A validation problem, as in `check --json`. */
interface Problem {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly resource?: string;
  readonly message: string;
}

/** `check --json`'s document. `generated` is null when the topology did not load or validate. */
export interface CheckReport {
  readonly ok: boolean;
  readonly types: { readonly ok: boolean; readonly errors: readonly TypeProblem[] };
  readonly validation: { readonly ok: boolean; readonly problems: readonly Problem[]; readonly warnings: readonly Problem[] };
  readonly generated: ({ readonly ok: boolean; readonly outDir: string; readonly target: string; readonly error?: string } & Staleness) | null;
}

/** Stale diffs on screen stop after this many lines; `plan --diff` shows all. */
const DIFF_LINES = 40;

const asProblem = (d: Diagnostic): Problem => ({
  file: relative(process.cwd(), d.source.file),
  line: d.source.line,
  column: d.source.column,
  resource: d.resource,
  message: d.message,
});

/** Loads and validates; the problems instead of a throw, so every check still runs. */
async function validate(file: string, opts: CheckOptions): Promise<{ synthesis?: Synthesis; problems: Problem[]; warnings: readonly Diagnostic[]; text?: string }> {
  try {
    const synthesis = await synthesizeAll(file, outputOptions(opts));
    return { synthesis, problems: [], warnings: synthesis.warnings };
  } catch (error) {
    if (error instanceof TopologyError) {
      const errors = error.diagnostics.filter(isError);
      return { problems: errors.map(asProblem), warnings: error.diagnostics.filter((d) => !isError(d)), text: formatDiagnostics(errors) };
    }
    if (error instanceof LoadError) return { problems: [{ message: error.message }], warnings: [], text: error.message };
    throw error;
  }
}

/** A diff cut to its first lines. */
function shortDiff(diff: string, command: string): string {
  const lines = diff.trimEnd().split("\n");
  if (lines.length <= DIFF_LINES) return lines.join("\n");
  return [...lines.slice(0, DIFF_LINES), `… ${lines.length - DIFF_LINES} more lines (${command} --diff shows them all)`].join("\n");
}

/** The report as text for a terminal or a CI log. */
function checkText(file: string, report: CheckReport, validationText: string | undefined): string[] {
  const out: string[] = [];
  const { errors } = report.types;
  if (errors.length > 0) {
    out.push(`${pc.red("error")}: ${errors.length} type error${errors.length === 1 ? "" : "s"}:`, ...errors.map((e) => `  ${formatTypeProblem(e)}`));
  }
  if (validationText !== undefined) out.push(`${pc.red("error")}: the topology is invalid:`, validationText);
  const generated = report.generated;
  if (generated?.error !== undefined) out.push(`${pc.red("error")}: ${generated.error}`);
  else if (generated && !generated.ok) {
    const counts = [
      generated.added.length && `${generated.added.length} missing`,
      generated.changed.length && `${generated.changed.length} different`,
      generated.removed.length && `${generated.removed.length} no longer generated`,
    ].filter(Boolean);
    out.push(
      `${pc.red("error")}: ${generated.outDir} is stale (${counts.join(", ")}); regenerate it with: homelab-gen ${file}${generated.target === "nixos" ? "" : ` -t ${generated.target}`}`,
      shortDiff(generated.diff, `homelab-gen plan ${file}`),
    );
  }
  if (report.ok) out.push(`${file}: types ok, topology valid, ${generated!.outDir} up to date`);
  return out;
}

/** How the output folder compares with a fresh generation; a folder that cannot be read is not ok. */
function freshness(synthesis: Synthesis): NonNullable<CheckReport["generated"]> {
  const where = { outDir: relative(process.cwd(), synthesis.outDir) || ".", target: synthesis.target };
  try {
    const stale = staleness(synthesis);
    return { ok: !isStale(stale), ...where, ...stale };
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    return { ok: false, ...where, error: error.message, added: [], changed: [], removed: [], diff: "" };
  }
}

/**
 * `homelab-gen check FILE`, the gate for a consumer repository's CI: a full type check of the
 * topology and its imports, the validation, and whether the committed generated folder is what
 * generating now would write. Exit 1 when any of them fails.
 */
export async function checkCommand(file: string, opts: CheckOptions): Promise<number> {
  assertTopologyFile(file);
  // In a worker thread, while this one validates and compares the folder.
  const types = typeCheck(file);
  const { synthesis, problems, warnings, text } = await validate(file, opts);
  const generated = synthesis ? freshness(synthesis) : null;
  const errors = await types;
  const report: CheckReport = {
    ok: errors.length === 0 && problems.length === 0 && generated?.ok === true,
    types: { ok: errors.length === 0, errors },
    validation: { ok: problems.length === 0, problems, warnings: warnings.map(asProblem) },
    generated,
  };
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else {
    reportWarnings(warnings);
    const lines = checkText(file, report, text);
    (report.ok ? console.log : console.error)(lines.join("\n"));
  }
  return report.ok ? EXIT.ok : EXIT.invalid;
}
