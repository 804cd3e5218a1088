import { ACTIVITY, LEVEL, RESULT, derivationName, parseNixLine, type NixEvent } from "./internal-json.js";

/** Build-log lines kept per derivation, shown when it fails. */
const LOG_TAIL = 20;
/** Plain (non-`@nix`) lines kept, shown when a run fails without a Nix error (e.g. activation). */
const PLAIN_TAIL = 20;
/** Nix warns about this on every run in a work tree with uncommitted changes, which `git add` makes the normal case. */
const GIT_DIRTY = /^warning: Git tree '.*' is dirty$/;

interface Build {
  readonly drvPath: string;
  readonly name: string;
  phase?: string;
}

/** What went wrong in a run, from its log. */
export interface FailureSummary {
  /** Error messages Nix reported, colour codes removed. */
  readonly errors: readonly string[];
  /** The derivation whose builder failed, with its last log lines. */
  readonly derivation?: { readonly drvPath: string; readonly name: string; readonly tail: readonly string[] };
  /** The last plain lines (not Nix's JSON log). */
  readonly plainTail: readonly string[];
}

const count = (done: number, expected: number): { done: number; expected: number } => ({ done, expected });
const num = (value: unknown): number => (typeof value === "number" ? value : 0);

/**
 * Follows one Nix run through its `--log-format internal-json` lines: builds done of expected, the
 * running derivations and their phases, the last log lines of each derivation, and errors.
 * Pure state: it prints nothing, it returns the lines worth printing.
 */
export class BuildProgress {
  private readonly types = new Map<number, number>();
  private readonly running = new Map<number, Build>();
  private readonly tails = new Map<string, string[]>();
  private readonly plain: string[] = [];
  private readonly errors: string[] = [];
  private built = count(0, 0);
  private fetched = count(0, 0);
  /** Texts of running activities that are not builds ("copying '/repo'", "querying info ..."), oldest first. */
  private readonly texts = new Map<number, string>();

  /**
   * Feed one stderr line; returns the lines to print now: plain lines as they are, a line when a
   * derivation starts building or enters a phase, warnings.
   */
  line(text: string): string[] {
    const event = parseNixLine(text);
    if (event === undefined) {
      keepTail(this.plain, text, PLAIN_TAIL);
      return [text];
    }
    return this.apply(event);
  }

  private apply(event: NixEvent): string[] {
    switch (event.action) {
      case "start":
        return this.start(event.id, event.type, event.text, event.fields);
      case "stop":
        this.types.delete(event.id);
        this.running.delete(event.id);
        this.texts.delete(event.id);
        return [];
      case "result":
        return this.result(event.id, event.type, event.fields);
      case "msg":
        if (event.level === LEVEL.error) this.errors.push(event.msg);
        return event.level === LEVEL.warn && !GIT_DIRTY.test(event.msg) ? [event.msg] : [];
    }
  }

  private start(id: number, type: number, text: string, fields: readonly unknown[]): string[] {
    this.types.set(id, type);
    const drvPath = fields[0];
    if (type !== ACTIVITY.build || typeof drvPath !== "string") {
      if (text !== "") this.texts.set(id, text);
      return [];
    }
    const build: Build = { drvPath, name: derivationName(drvPath) };
    this.running.set(id, build);
    this.tails.set(drvPath, []);
    // Nix may report the expected count after the first build starts.
    const nth = this.built.done + this.running.size;
    return [`building ${build.name} (${nth} of ${Math.max(nth, this.built.expected)})`];
  }

  private result(id: number, type: number, fields: readonly unknown[]): string[] {
    const build = this.running.get(id);
    if (type === RESULT.buildLogLine && build) {
      keepTail(this.tails.get(build.drvPath)!, String(fields[0] ?? ""), LOG_TAIL);
    } else if (type === RESULT.setPhase && build) {
      build.phase = String(fields[0] ?? "");
      return [`${build.name}: ${build.phase}`];
    } else if (type === RESULT.progress) {
      const activity = this.types.get(id);
      if (activity === ACTIVITY.builds) this.built = count(num(fields[0]), num(fields[1]));
      if (activity === ACTIVITY.copyPaths) this.fetched = count(num(fields[0]), num(fields[1]));
    }
    return [];
  }

  /** One line for a live status: counts, then the newest running derivation and its phase. */
  status(): string {
    const counts = [
      this.built.expected > 0 ? `${this.built.done}/${this.built.expected} built` : "",
      this.fetched.expected > 0 ? `${this.fetched.done}/${this.fetched.expected} fetched` : "",
    ].filter(Boolean);
    const builds = [...this.running.values()];
    const newest = builds.at(-1);
    const doing = newest
      ? `${newest.name}${newest.phase ? ` (${newest.phase})` : ""}${builds.length > 1 ? ` +${builds.length - 1} more` : ""}`
      : ([...this.texts.values()].at(-1) ?? "");
    return [counts.length > 0 ? `[${counts.join(", ")}]` : "", doing].filter(Boolean).join(" ");
  }

  /** What went wrong: Nix's errors, the failing derivation (named in the first builder error) and its last lines. */
  failure(): FailureSummary {
    const drvPath = failingDerivation(this.errors);
    const tail = drvPath === undefined ? undefined : this.tails.get(drvPath);
    return {
      errors: [...this.errors],
      ...(drvPath !== undefined && { derivation: { drvPath, name: derivationName(drvPath), tail: tail ?? [] } }),
      plainTail: [...this.plain],
    };
  }
}

/**
 * The derivation a failed run is about: the first one whose builder failed ("builder for '…drv'
 * failed", Nix < 2.20; "Cannot build '…drv'", later), else the first one any error names.
 */
export function failingDerivation(errors: readonly string[]): string | undefined {
  const pick = (pattern: RegExp): string | undefined => {
    for (const message of errors) {
      const match = pattern.exec(message);
      if (match) return match[1];
    }
    return undefined;
  };
  return pick(/(?:builder for|Cannot build) '([^']+\.drv)'/) ?? pick(/'([^'\s]+\.drv)'/);
}

function keepTail(lines: string[], line: string, max: number): void {
  lines.push(line);
  if (lines.length > max) lines.shift();
}
