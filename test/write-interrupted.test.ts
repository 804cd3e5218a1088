import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readManifest, writeOutput } from "../writer/index.js";
import { ROOT } from "./support/generated.js";

const CHILD = join(ROOT, "test/fixtures/write-child.mjs");

/** The files write-child.mjs writes, for comparing in this process. */
function version(v: number, count: number): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) files.set(`units/${String(i).padStart(5, "0")}.container`, `# version ${v}\n[Container]\nImage=app-${i}\n`);
  return files;
}

const stages = (out: string): string[] => readdirSync(out).filter((n) => n.startsWith(".homelab-gen-stage-"));

/** True once the child has staged everything (its manifest is in the stage) and renamed at least one file. */
function renaming(out: string, v: number): boolean {
  const stage = stages(out)[0];
  if (stage === undefined || !existsSync(join(out, stage, "manifest"))) return false;
  try {
    return readFileSync(join(out, "units/00000.container"), "utf8").startsWith(`# version ${v}`);
  } catch {
    return false;
  }
}

/** Starts write-child.mjs, sends `signal` once `when` holds, resolves to its exit code (or signal). */
function interrupt(out: string, v: number, count: number, signal: NodeJS.Signals, when: () => boolean): Promise<{ code: number | null; signal: string | null; sent: boolean }> {
  const child = spawn(process.execPath, [CHILD, out, String(v), String(count)], { stdio: ["ignore", "ignore", "pipe"] });
  let sent = false;
  const poll = setInterval(() => {
    if (!sent && when()) {
      sent = true;
      child.kill(signal);
    }
  }, 0);
  return new Promise((resolve) =>
    child.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, sent });
    }),
  );
}

describe("an interrupted write", () => {
  it("killed (SIGKILL) in the middle of renaming: the next run of a changed topology finishes without conflicts and removes the stage", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "hlg-kill-")), "out");
    writeOutput(out, version(1, 1500), { topology: "lab.ts", target: "nixos" });
    const run = await interrupt(out, 2, 2000, "SIGKILL", () => renaming(out, 2));
    expect(run).toMatchObject({ signal: "SIGKILL", sent: true });
    // Half renamed: some files are version 2 (500 of them new, not in the manifest), the manifest is version 1's.
    expect(stages(out)).toHaveLength(1);
    expect(Object.keys(readManifest(out)!.files)).toHaveLength(1500);

    // The topology changed meanwhile: version 3 has fewer files than either.
    const plan = writeOutput(out, version(3, 1200), { topology: "lab.ts", target: "nixos" });
    expect(plan.conflicts).toEqual([]);
    expect(stages(out)).toEqual([]);
    expect(readdirSync(join(out, "units"))).toHaveLength(1200);
    expect(readFileSync(join(out, "units/01199.container"), "utf8")).toContain("# version 3");
    expect(Object.keys(readManifest(out)!.files)).toHaveLength(1200);
  });

  it("killed while staging, before any rename: the next run removes the stage, the output is untouched until then", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "hlg-kill-")), "out");
    writeOutput(out, version(1, 100), { topology: "lab.ts" });
    const run = await interrupt(out, 2, 3000, "SIGKILL", () => stages(out).length > 0 && !existsSync(join(out, stages(out)[0]!, "manifest")));
    expect(run).toMatchObject({ signal: "SIGKILL", sent: true });
    expect(readFileSync(join(out, "units/00000.container"), "utf8")).toContain("# version 1");
    expect(writeOutput(out, version(1, 100), { topology: "lab.ts" }).unchanged).toHaveLength(100);
    expect(stages(out)).toEqual([]);
  });

  it("Ctrl-C (SIGINT) in the middle of renaming: the write completes, then the command exits 130", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "hlg-int-")), "out");
    writeOutput(out, version(1, 2000), { topology: "lab.ts", target: "nixos" });
    const run = await interrupt(out, 2, 2000, "SIGINT", () => renaming(out, 2));
    expect(run).toEqual({ code: 130, signal: null, sent: true });
    expect(stages(out)).toEqual([]);
    const manifest = readManifest(out)!;
    for (const [path, contents] of version(2, 2000)) {
      expect(readFileSync(join(out, path), "utf8")).toBe(contents);
      expect(manifest.files[path]).toBeDefined();
    }
  });
});
