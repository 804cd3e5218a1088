/** The scripts units run (scripts/*.sh) are POSIX sh that shellcheck passes, on both targets. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { kitchenSink, modelOf } from "./support/container-lab.js";
import { synthExample, writeTemp } from "./support/generated.js";
import { requireTool } from "./support/nix.js";

describe("generated scripts", () => {
  it.each([
    ["devbox, NixOS", () => generateAll(synthExample("devbox").model, { target: "nixos", outDir: "/tmp/x" })],
    ["kitchen sink, portable", () => generateAll(modelOf(kitchenSink("5.4")), { target: "libvirt", outDir: "/tmp/x" })],
  ])("%s: every script is shellcheck-clean", (_, files) => {
    requireTool("shellcheck");
    const all = files();
    const scripts = [...all.keys()].filter((p) => p.startsWith("scripts/"));
    expect(scripts.length).toBeGreaterThan(0);
    const dir = writeTemp(all);
    for (const s of scripts) {
      expect(all.get(s)!.startsWith("#!/bin/sh\n")).toBe(true);
      const r = spawnSync("shellcheck", ["--shell=sh", join(dir, s)], { encoding: "utf8" });
      expect(r.status, `${s}\n${r.stdout}`).toBe(0);
    }
  });
});
