import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_NAME } from "../writer/index.js";
import { CLI, runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";
import { miniLab } from "./support/mini-lab.js";
import { expectNoTrace } from "./support/no-trace.js";

/** Every file under `dir` with its bytes, for "nothing was written". */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = readFileSync(join(e.parentPath, e.name), "latin1");
  }
  return out;
}

describe("a folder generated with --target libvirt", () => {
  it("records its target: check passes, plan is up to date, generate without -t keeps the target", () => {
    const { dir, file } = miniLab();
    expect(runCli([file, "-t", "libvirt"], { cwd: dir }).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "generated/lab", MANIFEST_NAME), "utf8"));
    expect(manifest.target).toBe("libvirt");
    const check = runCli(["check", file], { cwd: dir });
    expect(check.stderr).toBe("");
    expect(check).toMatchObject({ code: 0, stdout: "lab.ts: types ok, topology valid, generated/lab up to date\n" });
    const plan = runCli(["plan", file, "--json", "--connect", "test:///default"], { cwd: dir });
    expect(JSON.parse(plan.stdout).files).toEqual({ added: [], changed: [], removed: [], conflicts: [] });
    const before = snapshot(join(dir, "generated/lab"));
    expect(runCli([file], { cwd: dir }).stdout).toMatch(/^generated\/lab: \d+ unchanged\n$/);
    expect(snapshot(join(dir, "generated/lab"))).toEqual(before);
  });

  it("check of a stale libvirt folder suggests the command for that target", () => {
    const { dir, file } = miniLab();
    runCli([file, "-t", "libvirt"], { cwd: dir });
    const apply = join(dir, "generated/lab/libvirt/apply.sh");
    writeFileSync(apply, readFileSync(apply, "utf8") + "# edited\n");
    const check = runCli(["check", file], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr.split("\n")[0]).toBe("error: generated/lab is stale (1 different); regenerate it with: homelab-gen lab.ts -t libvirt");
  });

  it("build, which needs the NixOS output, refuses to replace it without --force", () => {
    const { dir, file } = miniLab();
    runCli([file, "-t", "libvirt"], { cwd: dir });
    const before = snapshot(join(dir, "generated/lab"));
    const r = runCli(["build", file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("holds the output of lab.ts (target libvirt); generating lab.ts (target nixos) there would replace it");
    expect(snapshot(join(dir, "generated/lab"))).toEqual(before);
  });
});

describe("the output does not depend on the current folder", () => {
  it("check of the committed example from another folder: up to date", () => {
    const r = runCli(["check", join(ROOT, "examples/sccm.ts"), "--out", join(ROOT, "generated/sccm")], { cwd: tmpdir() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("generating from a subfolder writes the same bytes as from the project root", () => {
    const { dir, file } = miniLab();
    writeFileSync(join(dir, "package.json"), "{}\n");
    mkdirSync(join(dir, "sub"));
    expect(runCli([file, "--out", "a"], { cwd: dir }).code).toBe(0);
    expect(runCli(["../lab.ts", "--out", "../b"], { cwd: join(dir, "sub") }).code).toBe(0);
    const a = snapshot(join(dir, "a"));
    const b = snapshot(join(dir, "b"));
    expect(Object.values(b)).toEqual(Object.values(a));
    expect(a[join(dir, "a/flake.nix")]).toContain("# Regenerate with: npx homelab-gen lab.ts\n");
  });
});

describe("another topology's output folder", () => {
  it("is not overwritten without --force; nothing is written", () => {
    const { dir, file } = miniLab();
    cpSync(join(dir, file), join(dir, "other.ts"));
    expect(runCli([file, "--out", "out"], { cwd: dir }).code).toBe(0);
    const before = snapshot(join(dir, "out"));
    const r = runCli(["other.ts", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${join(dir, "out")} holds the output of lab.ts (target nixos); generating other.ts (target nixos) there would replace it: choose another --out, or --force to replace it. Nothing was written.\n`,
    );
    expect(snapshot(join(dir, "out"))).toEqual(before);
    const plan = runCli(["plan", "other.ts", "--out", "out", "--connect", "test:///default"], { cwd: dir });
    expect(plan.stdout).toContain(`! ${join(dir, "out")} holds the output of lab.ts`);
    expect(runCli(["other.ts", "--out", "out", "--force"], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out", MANIFEST_NAME), "utf8")).topology).toBe("other.ts");
  });
});

describe("file-system and manifest faults: one message naming the file, exit 1, nothing written", () => {
  const fails = (r: { code: number | null; stderr: string }, message: string | RegExp): void => {
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expectNoTrace(r.stderr);
  };

  it("--out is a file", () => {
    const { dir, file } = miniLab();
    writeFileSync(join(dir, "out"), "mine\n");
    for (const command of [[], ["check"], ["plan"]]) {
      fails(runCli([...command, file, "--out", "out"], { cwd: dir }), `${join(dir, "out")} is a file, not a folder: give --out a folder`);
    }
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("mine\n");
  });

  it("--out cannot be written", () => {
    const { dir, file } = miniLab();
    const out = join(dir, "locked");
    mkdirSync(out);
    chmodSync(dir, 0o755);
    chmodSync(out, 0o555);
    // root writes anywhere: run as nobody then.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [CLI, file, "--out", out], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...asUser });
    fails({ code: r.status, stderr: r.stderr }, `error: writing ${out} failed: permission denied`);
    expect(readdirSync(out)).toEqual([]);
  });

  it("a corrupt manifest, or one with merge-conflict markers", () => {
    const { dir, file } = miniLab();
    runCli([file], { cwd: dir });
    const manifest = join(dir, "generated/lab", MANIFEST_NAME);
    const good = readFileSync(manifest, "utf8");
    const conflicted = good.replace(/("sha256": "[0-9a-f]+")/, `<<<<<<< HEAD\n      $1\n=======\n      "sha256": "${"0".repeat(64)}"\n>>>>>>> theirs`);
    for (const [text, why] of [
      ["{ not json", "not JSON"],
      [conflicted, "unresolved merge-conflict markers"],
      ['{"version": 1, "files": {"../../etc/passwd": {"sha256": "' + "0".repeat(64) + '"}}}', "unsafe output path"],
    ] as const) {
      writeFileSync(manifest, text);
      const before = snapshot(join(dir, "generated/lab"));
      fails(runCli([file], { cwd: dir }), why.startsWith("unsafe") ? /unsafe output path "..\/..\/etc\/passwd"/ : `error: ${manifest}: invalid homelab-gen manifest (${why}); delete it and generate again`);
      expect(snapshot(join(dir, "generated/lab"))).toEqual(before);
      const check = runCli(["check", file, "--json"], { cwd: dir });
      expect(check.code).toBe(1);
      expect(JSON.parse(check.stdout).generated).toMatchObject({ ok: false, error: expect.stringContaining(why.startsWith("unsafe") ? "unsafe output path" : why) });
    }
    expect(statSync(manifest).isFile()).toBe(true);
  });
});
