/**
 * Containers follow a switch (generators/nixos/follow-switch.ts). What switch-to-configuration does
 * cannot run here; the wiring it acts on is evaluated with the real module system, and the
 * rootless step runs against recording fakes of systemctl and id.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { FOLLOW_SWITCH_SCRIPT, labScripts } from "../generators/scripts.js";
import { loadTopology } from "../cli/load.js";
import { buildModel } from "../model/build.js";
import type { Model } from "../model/model.js";
import { kitchenSink } from "./support/container-lab.js";
import { writeTemp } from "./support/generated.js";
import { evalNixos } from "./support/nixos-eval.js";
import { requireTool } from "./support/nix.js";

// One topology file for every variant: generated headers name it, and they are part of what is hashed.
const TOPOLOGY = join(mkdtempSync(join(tmpdir(), "hlg-follow-topo-")), "sink.ts");
function modelAt(source: string): Model {
  writeFileSync(TOPOLOGY, source);
  const result = buildModel(loadTopology(TOPOLOGY), TOPOLOGY);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.model;
}

const UID = `[ { users.users.alice.uid = 1001; system.stateVersion = "26.05"; } ]`;

/** The kitchen sink on podman 4.8 (`.image` units), after `edit`, as the NixOS configuration of `box` sees it. */
function wiring(edit: (source: string) => string = (s) => s) {
  const model = modelAt(edit(kitchenSink("4.8")));
  const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
  const out = evalNixos(
    join(dir, "flake.nix"),
    "box",
    `{ config, lib }: {
      links = map (e: e.name + " -> " + e.path) (builtins.head config.systemd.packages).entries;
      services = lib.mapAttrs (n: s: { inherit (s) overrideStrategy restartTriggers; path = s.environment.PATH; }) config.systemd.services;
      activation = config.system.userActivationScripts.homelab-gen-sink.text;
    }`,
    UID,
  ) as { links: string[]; services: Record<string, { overrideStrategy: string; restartTriggers: string[]; path: string | null }>; activation: string };
  return { ...out, model, dir };
}

const triggers = (w: ReturnType<typeof wiring>) => Object.fromEntries(Object.entries(w.services).map(([n, s]) => [n, s.restartTriggers[0]]));
/** The `SERVICE=STAMP` arguments of the activation line, by service. */
const stamps = (w: ReturnType<typeof wiring>) =>
  Object.fromEntries(w.activation.split(" ").filter((a) => a.includes("=")).map((a) => a.split("=") as [string, string]));

describe("rootful Quadlet services: switch-to-configuration sees them and restarts the changed ones", () => {
  it("each generated service is linked into /etc/systemd/system and has a drop-in with a hash of what it runs", () => {
    const w = wiring();
    expect(w.links).toEqual([
      "etc/systemd/system/app-image.service -> /run/systemd/generator/app-image.service",
      "etc/systemd/system/web.service -> /run/systemd/generator/web.service",
    ]);
    expect(Object.keys(w.services).sort()).toEqual(["app-image", "web"]);
    for (const s of Object.values(w.services)) {
      expect(s.overrideStrategy).toBe("asDropin");
      // NixOS's PATH for services would replace the unit's own (secret commands need /run/current-system/sw/bin).
      expect(s.path).toBeNull();
      expect(s.restartTriggers).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    }
  });

  it("a changed container restarts, an unchanged one does not; a changed image restarts its loader and the containers using it", () => {
    const before = wiring();
    const env = wiring((s) => s.replace(`MOTTO: "it's 100%`, `MOTTO: "it is 100%`));
    expect(triggers(env).web).not.toBe(triggers(before).web);
    expect(triggers(env)["app-image"]).toBe(triggers(before)["app-image"]);
    expect(stamps(env)).toEqual(stamps(before)); // the rootless ones did not change
    const image = wiring((s) => s.replace(`tag: "2.1"`, `tag: "2.2"`));
    expect(triggers(image).web).not.toBe(triggers(before).web);
    expect(triggers(image)["app-image"]).not.toBe(triggers(before)["app-image"]);
    expect(stamps(image)["+worker.service"] ?? stamps(image)["worker.service"]).not.toBe(stamps(before)["worker.service"]);
    expect(stamps(image)["db.service"]).toBe(stamps(before)["db.service"]);
  });
});

describe("rootless Quadlet services: the user activation step restarts the changed ones", () => {
  /** Runs the activation text as `user` with fakes of systemctl and id; returns the systemctl calls. */
  function activate(w: ReturnType<typeof wiring>, home: string, user = "alice"): string[] {
    requireTool("sh");
    const bin = join(home, "bin");
    mkdirSync(bin, { recursive: true });
    const log = join(home, "calls");
    writeFileSync(log, "");
    writeFileSync(join(bin, "systemctl"), `#!/bin/sh\necho "systemctl $*" >> "${log}"\n`);
    writeFileSync(join(bin, "id"), `#!/bin/sh\n[ "$1" = -un ] && echo "${user}"\n`);
    chmodSync(join(bin, "systemctl"), 0o755);
    chmodSync(join(bin, "id"), 0o755);
    const script = join(home, "follow-switch.sh");
    writeFileSync(script, labScripts(w.model, false).find((s) => s.name === FOLLOW_SWITCH_SCRIPT)!.text);
    const text = w.activation.replace(/\/nix\/store\/[0-9a-z]{32}-follow-switch\.sh/g, script);
    const r = spawnSync("sh", ["-eu", "-c", text], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(log, "utf8").split("\n").filter(Boolean);
  }

  it("first activation starts the containers a target wants; the same generation again does nothing", () => {
    const w = wiring();
    expect(w.activation).toMatch(/^\/bin\/sh \/nix\/store\/\S+-follow-switch\.sh alice sink /);
    const home = mkdtempSync(join(tmpdir(), "hlg-follow-"));
    // worker has no WantedBy: it is recorded, not started; db is wanted by default.target.
    expect(activate(w, home)).toEqual(["systemctl --user start --no-block db.service"]);
    expect(activate(w, home)).toEqual([]);
    // Another user's manager runs the same text and does nothing for alice's services.
    expect(activate(w, mkdtempSync(join(tmpdir(), "hlg-follow-")), "bob")).toEqual([]);
  });

  it("a changed unit or image restarts just the services that use it; a removed container is stopped", () => {
    const home = mkdtempSync(join(tmpdir(), "hlg-follow-"));
    activate(wiring(), home);
    const image = wiring((s) => s.replace(`tag: "2.1"`, `tag: "2.2"`));
    expect(activate(image, home).sort()).toEqual(["systemctl --user try-restart --no-block app-image.service", "systemctl --user try-restart --no-block worker.service"]);
    const noWorker = wiring((s) => s.replace(/l\.container\("worker"[^\n]*\n/, "").replace(`tag: "2.1"`, `tag: "2.2"`));
    // Without worker, alice runs nothing from the Nix image any more: its loader goes too.
    expect(activate(noWorker, home).sort()).toEqual(["systemctl --user stop --no-block app-image.service", "systemctl --user stop --no-block worker.service"]);
    expect(activate(noWorker, home)).toEqual([]);
  });

  it("the step is shellcheck-clean", () => {
    requireTool("shellcheck");
    const file = join(mkdtempSync(join(tmpdir(), "hlg-follow-")), "follow-switch.sh");
    writeFileSync(file, labScripts(modelAt(kitchenSink("4.8")), false).find((s) => s.name === FOLLOW_SWITCH_SCRIPT)!.text);
    const r = spawnSync("shellcheck", ["--shell=sh", "--severity=style", file], { encoding: "utf8" });
    expect(r.status, r.stdout).toBe(0);
  });
});
