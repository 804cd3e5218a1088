// The no-prompt copy of a Windows install ISO in the benchmark: assemble.sh's noprompt_iso on a
// 256 MiB Windows-like ISO against `cp --reflink=auto` of it, as the script copies (the copy is
// most of the work; a file system that shares blocks makes both instant), and its second run
// (nothing to do) against the same copy.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { assembleScript, MEDIA_FILE, mediaScript } from "../generators/unattended/assemble-script.js";
import { windowsLikeIso } from "./windows-like-iso.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(cmd: string, args: readonly string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return performance.now() - t;
}

/** Two bench rows: building the copy / cp of the ISO, an unchanged run / cp. */
export function nopromptRows(): string[][] {
  const dir = mkdtempSync(join(tmpdir(), "hlg-bench-noprompt-"));
  try {
    const { iso } = windowsLikeIso(dir, 256 * 1024 * 1024);
    const script = join(dir, "assemble.sh");
    writeFileSync(script, assembleScript(["bench"]));
    writeFileSync(join(dir, MEDIA_FILE), mediaScript(["bench"], [], [], [{ source: iso, name: "windows.noprompt.iso" }]));
    const group = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim();
    const out = join(dir, "out");
    const runs = 5;
    const copy = median(Array.from({ length: runs }, () => timed("cp", ["--reflink=auto", iso, join(dir, "copy.iso")])));
    const build = median(
      Array.from({ length: runs }, () => {
        rmSync(out, { recursive: true, force: true });
        return timed("bash", [script, dir, out, group]);
      }),
    );
    const again = median(Array.from({ length: runs }, () => timed("bash", [script, dir, out, group])));
    return [
      ["no-prompt copy of a 256 MiB ISO / cp of it", `${(build / copy).toFixed(2)}x`, `${build.toFixed(0)} ms / ${copy.toFixed(0)} ms`, "<= 3"],
      ["no-prompt copy, unchanged source / cp of it", `${(again / copy).toFixed(2)}x`, `${again.toFixed(0)} ms / ${copy.toFixed(0)} ms`, "<= 0.5"],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
