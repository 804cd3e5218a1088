import { describe, expect, it } from "vitest";
import { checkReleases } from "../model/checks/releases.js";
import { DEFAULT_NIXPKGS } from "../model/host.js";
import { endOfLife, releaseOfBranch } from "../model/nixos-release.js";
import { build, topo, warnings } from "./support/topology.js";

describe("NixOS releases", () => {
  it("defaults to the newest maintained release", () => {
    expect(DEFAULT_NIXPKGS).toBe("nixos-26.05");
    const result = build(topo(`l.host("h", {});`));
    expect(result.ok && result.model.hosts[0]!.nixpkgs).toBe("nixos-26.05");
  });

  it("knows the support windows: YY.05 until December 31, YY.11 until June 30 of the next year", () => {
    expect(endOfLife("25.05")).toBe("2025-12-31");
    expect(endOfLife("25.11")).toBe("2026-06-30");
    expect(endOfLife("26.05")).toBe("2026-12-31");
    expect(["nixos-25.05", "nixos-25.05-small", "release-25.05", "nixpkgs-25.05-darwin"].map(releaseOfBranch)).toEqual(["25.05", "25.05", "25.05", "25.05"]);
    expect(["nixos-unstable", "nixpkgs-unstable", "main", "nixos-25.06"].map(releaseOfBranch)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("warns at the host's line when it pins a release past its end of life, naming the date", () => {
    expect(warnings(topo(`l.host("old", { nixpkgs: "nixos-25.05" });`))).toEqual([
      "4: host old: nixos-25.05 follows NixOS 25.05, which reached its end of life on 2025-12-31 and gets no security fixes; use nixos-26.05",
    ]);
    expect(warnings(topo(`l.host("tip", { nixpkgs: "nixos-unstable" });`))).toEqual([]);
  });

  it("judges the end of life by the day the check runs", () => {
    const model = (line: string) => {
      const result = build(topo(line));
      if (!result.ok) throw new Error("expected a valid topology");
      return result.model;
    };
    const current = model(`l.host("h", { nixpkgs: "nixos-26.05" });`);
    const older = model(`l.host("g", { nixpkgs: "release-25.11" });`);
    expect(checkReleases(older, "2026-06-30")).toEqual([]);
    expect(checkReleases(older, "2026-07-01").map((d) => d.message)).toEqual([
      "release-25.11 follows NixOS 25.11, which reached its end of life on 2026-06-30 and gets no security fixes; use nixos-26.05",
    ]);
    expect(checkReleases(current, "2026-12-31")).toEqual([]);
    expect(checkReleases(current, "2027-01-01").map((d) => d.resource)).toEqual(["host h"]);
  });

  it("warns when a host's podman target is newer than the podman its release ships", () => {
    expect(warnings(topo(`l.host("h", { nixpkgs: "nixos-26.05", podman: { version: "6.0" } });`))).toEqual([
      "4: host h: podman.version 6.0 is newer than the podman 5.8 NixOS 26.05 ships; its units may use keys that podman does not know",
    ]);
    expect(warnings(topo(`l.host("g", { podman: { version: "5.8" } });`))).toEqual([]);
  });
});
