import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BuildProgress, failingDerivation } from "../realize/build-progress.js";
import { failureReport } from "../realize/failure-report.js";
import { derivationName, parseNixLine } from "../realize/internal-json.js";
import { progressView } from "../realize/progress-view.js";
import { ROOT } from "./support/generated.js";

const transcript = (name: string): string[] =>
  readFileSync(join(ROOT, "test/fixtures/transcripts", name), "utf8").split("\n").filter(Boolean);

/** Feeds every line; returns the printed lines and the status after each line. */
function replay(lines: readonly string[]): { progress: BuildProgress; printed: string[]; statuses: string[] } {
  const progress = new BuildProgress();
  const printed: string[] = [];
  const statuses: string[] = [];
  for (const line of lines) {
    printed.push(...progress.line(line));
    statuses.push(progress.status());
  }
  return { progress, printed, statuses };
}

describe("Nix's internal-json log", () => {
  it("decodes @nix lines, strips colour codes from messages, and leaves other lines alone", () => {
    expect(parseNixLine('@nix {"action":"start","id":5,"level":3,"type":105,"text":"building x","fields":["/nix/store/a.drv","",1,1]}')).toEqual({
      action: "start",
      id: 5,
      type: 105,
      text: "building x",
      fields: ["/nix/store/a.drv", "", 1, 1],
    });
    expect(parseNixLine('@nix {"action":"msg","level":0,"msg":"\\u001b[31;1merror:\\u001b[0m boom"}')).toEqual({ action: "msg", level: 0, msg: "error: boom" });
    expect(parseNixLine("activating the configuration...")).toBeUndefined();
    expect(parseNixLine("@nix {not json")).toBeUndefined();
    expect(derivationName("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-hv-25.05.drv")).toBe("nixos-system-hv-25.05");
  });
});

describe("build progress", () => {
  it("follows a recorded successful build: builds done of expected, the running derivation and its phase", () => {
    const lines = transcript("build-success.stderr");
    const { printed, statuses } = replay(lines);
    expect(printed).toEqual(["building dep (1 of 2)", "dep: buildPhase", "building hello (2 of 2)", "hello: unpackPhase", "hello: buildPhase"]);
    const at = (needle: string): string => statuses[lines.findIndex((l) => l.includes(needle))]!;
    expect(at('"fields":["buildPhase"]')).toBe("[0/2 built] dep (buildPhase)");
    expect(at('"fields":["compiling hello"]')).toBe("[1/2 built] hello (buildPhase)");
    expect(statuses[0]).toBe("copying '/src/flake'");
    expect(statuses.at(-1)).toBe("[2/2 built]");
  });

  it("names the failing derivation of a recorded failed build with its last log lines", () => {
    const { progress } = replay(transcript("build-failure.stderr"));
    const failure = progress.failure();
    expect(failure.derivation).toEqual({
      drvPath: expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-broken\.drv$/),
      name: "broken",
      tail: ["step one", "step two", "fatal: something broke"],
    });
    expect(failure.errors).toEqual([`error: builder for '${failure.derivation!.drvPath}' failed with exit code 3`]);
    expect(failureReport("nix build", 1, failure, "/tmp/x/build.log")).toBe(
      [
        "nix build failed (exit code 1)",
        `  error: builder for '${failure.derivation!.drvPath}' failed with exit code 3`,
        `failing derivation: broken (${failure.derivation!.drvPath})`,
        "last log lines of broken:",
        "  step one",
        "  step two",
        "  fatal: something broke",
        "full log: /tmp/x/build.log",
      ].join("\n"),
    );
  });

  it("keeps only the last 20 log lines of a derivation, and knows newer Nix's error wording", () => {
    const start = '@nix {"action":"start","id":7,"type":105,"text":"","fields":["/nix/store/00000000000000000000000000000000-big.drv"]}';
    const logs = Array.from({ length: 30 }, (_, i) => `@nix {"action":"result","id":7,"type":101,"fields":["line ${i}"]}`);
    const error = `@nix {"action":"msg","level":0,"msg":"error: Cannot build '/nix/store/00000000000000000000000000000000-big.drv'.\\n       Reason: builder failed with exit code 2."}`;
    const { progress } = replay([start, ...logs, '@nix {"action":"stop","id":7}', error]);
    expect(progress.failure().derivation?.tail).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 10}`));
    expect(failingDerivation(["error: 1 dependencies of derivation '/nix/store/b-x.drv' failed to build", "error: builder for '/nix/store/a-y.drv' failed"])).toBe(
      "/nix/store/a-y.drv",
    );
  });

  it("prints plain lines as they come and shows them when a run fails without a Nix error", () => {
    const { printed, progress } = replay(transcript("rebuild-activation.stderr"));
    expect(printed.slice(0, 2)).toEqual(["building the system configuration...", "building dep (1 of 2)"]);
    expect(failureReport("nixos-rebuild switch", 4, progress.failure(), "L").split("\n")).toEqual([
      "nixos-rebuild switch failed (exit code 4)",
      "last output:",
      "  building the system configuration...",
      "  activating the configuration...",
      "  setting up /etc...",
      "  Failed to start nixvirt.service.",
      "  warning: error(s) occurred while switching to the new configuration",
      "full log: L",
    ]);
  });

  it("shows warnings, except the dirty-git-tree one that staging the generated files makes routine", () => {
    const { printed } = replay([
      `@nix {"action":"msg","level":1,"msg":"warning: Git tree '/repo' is dirty"}`,
      `@nix {"action":"msg","level":1,"msg":"warning: creating lock file '/repo/flake.lock'"}`,
      `@nix {"action":"msg","level":3,"msg":"talkative"}`,
    ]);
    expect(printed).toEqual(["warning: creating lock file '/repo/flake.lock'"]);
  });
});

describe("progress view", () => {
  afterEach(() => vi.useRealTimers());

  it("off a terminal: plain lines only, the status is not shown", () => {
    const out: string[] = [];
    const view = progressView({ write: (t) => out.push(t), isTTY: false });
    view.status("[1/2 built] x");
    view.line("building x (1 of 2)");
    view.clear();
    expect(out).toEqual(["building x (1 of 2)\n"]);
  });

  it("on a terminal: one live line, rewritten, cut to the width, kept below printed lines, redrawn at most every 80 ms", () => {
    vi.useFakeTimers();
    const out: string[] = [];
    let now = 1000;
    const view = progressView({ write: (t) => out.push(t), isTTY: true, columns: 20 }, () => now);
    view.status("[0/2 built] dep");
    view.status("[0/2 built] dep (buildPhase)"); // too soon: drawn when the interval ends
    expect(out).toEqual(["\r\u001b[K[0/2 built] dep"]);
    now += 100;
    vi.advanceTimersByTime(100);
    expect(out.at(-1)).toBe("\r\u001b[K[0/2 built] dep (b…");
    view.line("building hello (2 of 2)");
    expect(out.slice(-2)).toEqual(["\r\u001b[Kbuilding hello (2 of 2)\n", "\r\u001b[K[0/2 built] dep (b…"]);
    view.clear();
    expect(out.at(-1)).toBe("\r\u001b[K");
    view.line("done");
    expect(out.at(-1)).toBe("done\n");
  });
});
