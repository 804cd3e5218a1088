import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffLines } from "diff";
import { describe, expect, it } from "vitest";
import { synthesize } from "../cli/pipeline.js";
import { ROOT } from "./support/generated.js";
import { topologyFile } from "./support/topology.js";

const original = readFileSync(join(ROOT, "examples/sccm.ts"), "utf8");
const file = topologyFile(original, "sccm.ts");
// Its host modules, which generating checks exist.
cpSync(join(ROOT, "examples/hosts"), join(file, "../hosts"), { recursive: true });

/** Generate a variant of the SCCM example, edited by `edit`, from the same path into the same output path. */
function variant(edit: (source: string) => string) {
  writeFileSync(file, edit(original));
  return synthesize(file, { cwd: join(file, ".."), out: join(ROOT, "generated/sccm") }).files;
}

/** Lines removed or added between two versions of every file. */
function changedLines(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].flatMap((path) =>
    diffLines(a.get(path) ?? "", b.get(path) ?? "")
      .filter((part) => part.added || part.removed)
      .flatMap((part) => part.value.trimEnd().split("\n").map((l) => `${path}: ${part.added ? "+" : "-"}${l.trim()}`)),
  );
}

describe("changing one resource changes only its own output", () => {
  const base = variant((s) => s);

  it("SCCM01's memory: one line of domains.nix", () => {
    const changed = changedLines(base, variant((s) => s.replace("memory: gib(4)", "memory: gib(8)")));
    expect(changed).toEqual(["nixvirt/domains.nix: -count = 4;", "nixvirt/domains.nix: +count = 8;"]);
  });

  it("renaming CLIENT02: only CLIENT02's name, UUID, NVRAM, volume and MACs", () => {
    const renamed = variant((s) => s.replace(`["CLIENT01", "CLIENT02"]`, `["CLIENT01", "CLIENT03"]`));
    // Its install-media folder moves, with the new name and its (derived) MACs in it and nothing else changed.
    const own = (files: Map<string, string>, vm: string) =>
      [...files].filter(([p]) => p.startsWith(`seeds/${vm}/`)).map(([p, t]) => [p.replace(vm, "VM"), t.replaceAll(vm, "VM").replace(/52-54-00(-[0-9A-F]{2}){3}/g, "MAC")]);
    expect(own(renamed, "CLIENT03")).toEqual(own(base, "CLIENT02"));
    const changed = changedLines(base, renamed).filter((l) => !/^seeds\/CLIENT0[23]\//.test(l));
    expect(changed.length).toBeGreaterThan(0);
    const sccm = base.get("nixvirt/domains.nix")!;
    const client02Block = sccm.slice(sccm.indexOf(`name = "CLIENT02"`) - 200);
    for (const line of changed.filter((l) => l.includes(": -"))) {
      const text = line.replace(/^[^:]+: -/, "");
      expect(text).toMatch(/CLIENT02|client02|uuid|address/);
      if (line.startsWith("nixvirt/domains.nix")) expect(client02Block).toContain(text);
    }
  });
});
