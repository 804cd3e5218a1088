/**
 * End to end with the real Nix (Debian's nix-bin, 2.8): the code path of `homelab-gen build` after
 * generating (`buildFlake`: version check, flake addressing, git staging, flake.lock, `nix build`
 * with progress) builds a tiny flake offline, as root, in a private store. Debian's Nix is older than
 * the 2.18 users need, so these runs set HOMELAB_GEN_ALLOW_OLD_NIX, the test-only escape hatch.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildFlake } from "../realize/build-flake.js";
import { ToolFailure } from "../realize/failure.js";
import { logFile } from "../realize/log-file.js";
import { progressView } from "../realize/progress-view.js";
import type { Realizer } from "../realize/realizer.js";
import { ROOT } from "./support/generated.js";
import { staged } from "./support/mini-lab.js";
import { nixEnv, requireTool } from "./support/nix.js";

const BUSYBOX = "/bin/busybox";

/** Copies the tiny flake into `dir` with a static busybox as its builder (Debian's busybox-static). */
function tinyFlake(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "test/fixtures/tiny-flake/flake.nix"), join(dir, "flake.nix"));
  mkdirSync(join(dir, "bb"));
  try {
    copyFileSync(BUSYBOX, join(dir, "bb/busybox"));
  } catch {
    throw new Error(`${BUSYBOX} is missing: install busybox-static (see .ci/run)`);
  }
  symlinkSync("busybox", join(dir, "bb/sh"));
  return dir;
}

/** A realizer on the private test store that records what the progress display printed. */
function realizer(env: NodeJS.ProcessEnv = { ...nixEnv(), HOMELAB_GEN_ALLOW_OLD_NIX: "1" }): Realizer & { printed: string[] } {
  requireTool("nix");
  const printed: string[] = [];
  return { env, log: logFile("build", mkdtempSync(join(tmpdir(), "hlg-log-"))), view: progressView({ write: (t) => printed.push(t) }), printed };
}

/** Where a /nix/store path really is: under the private store's root. */
const onDisk = (env: NodeJS.ProcessEnv, storePath: string): string => join(/root=([^&]+)/.exec(env.NIX_REMOTE!)![1]!, storePath);

const fresh = (): string => realpathSync(mkdtempSync(join(tmpdir(), "hlg-e2e-")));

describe("nix build of a generated flake, for real", () => {
  it("builds offline, shows progress from internal-json, logs everything, returns the output paths", async () => {
    const dir = tinyFlake(join(fresh(), "flake"));
    const ctx = realizer();
    const built = await buildFlake({ outDir: dir, files: ["flake.nix"], modules: [], attrs: ["packages.x86_64-linux.hello"] }, ctx);
    expect(built).toEqual([
      {
        attr: "packages.x86_64-linux.hello",
        drvPath: expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-hello\.drv$/),
        outputs: { out: expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-hello$/) },
      },
    ]);
    expect(readFileSync(onDisk(ctx.env, built[0]!.outputs.out!), "utf8")).toBe("dep\nhello\n");
    expect(ctx.printed.join("")).toBe("building dep (1 of 2)\ndep: buildPhase\nbuilding hello (2 of 2)\nhello: unpackPhase\nhello: buildPhase\n");
    const log = readFileSync(ctx.log.path, "utf8");
    expect(log).toContain(`$ nix --extra-experimental-features 'nix-command flakes' build --no-link --json --log-format internal-json path:${dir}#packages.x86_64-linux.hello`);
    expect(log).toContain('@nix {"action":"result","fields":["compiling hello"]');
  });

  it("a failing builder is a tool failure naming the derivation, with its last log lines and the log file", async () => {
    const dir = tinyFlake(join(fresh(), "flake"));
    const ctx = realizer();
    const run = buildFlake({ outDir: dir, files: [], modules: [], attrs: ["packages.x86_64-linux.broken"] }, ctx);
    await expect(run).rejects.toBeInstanceOf(ToolFailure);
    await expect(run).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /^nix build failed \(exit code 1\)\n {2}error: builder for '\/nix\/store\/[a-z0-9]{32}-broken\.drv' failed with exit code 3\nfailing derivation: broken \(\/nix\/store\/[a-z0-9]{32}-broken\.drv\)\nlast log lines of broken:\n {2}step one\n {2}step two\n {2}fatal: something broke\nfull log: \//,
      ),
    });
  });

  it("in a git work tree: stages the files and builds through git+file, so ../ imports outside the folder resolve", async () => {
    const repo = fresh();
    const flake = tinyFlake(join(repo, "generated/lab"));
    // Like a generated flake importing a host module beside the topology: a path outside its folder.
    writeFileSync(join(repo, "greeting.nix"), `"hi from the repository"\n`);
    writeFileSync(
      join(flake, "flake.nix"),
      readFileSync(join(flake, "flake.nix"), "utf8").replace(
        "packages.x86_64-linux = rec {",
        `packages.x86_64-linux = rec {\n        greet = mk "greet" "echo \${import ../../greeting.nix} > $out" { };`,
      ),
    );
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: repo });
    git("init", "-q");
    git("add", "greeting.nix");
    git("commit", "-q", "-m", "topology");
    const ctx = realizer();
    const files = ["flake.nix", "bb/busybox", "bb/sh"];
    const built = await buildFlake({ outDir: flake, files, modules: [join(repo, "greeting.nix")], attrs: ["packages.x86_64-linux.greet"] }, ctx);
    expect(readFileSync(onDisk(ctx.env, built[0]!.outputs.out!), "utf8")).toBe("hi from the repository\n");
    expect(readFileSync(ctx.log.path, "utf8")).toContain(`git+file://${repo}?dir=generated/lab#packages.x86_64-linux.greet`);
    expect(staged(repo)).toEqual(files.map((f) => `generated/lab/${f}`).sort());
  });

  it("rejects Debian's Nix 2.8 when the escape hatch is not set", async () => {
    const dir = tinyFlake(join(fresh(), "flake"));
    const ctx = realizer(nixEnv());
    await expect(buildFlake({ outDir: dir, files: [], modules: [], attrs: ["packages.x86_64-linux.hello"] }, ctx)).rejects.toThrow(
      /^Nix 2\.8\.0 is too old: homelab-gen build runs it to build the lab's systems, and needs Nix 2\.18 or newer/,
    );
  });
});
