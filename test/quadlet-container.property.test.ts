import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lab } from "../dsl/index.js";
import { containerUnit } from "../generators/quadlet/container.js";
import { buildModel } from "../model/build.js";
import { execStartWords, quadletDryRun } from "./support/quadlet.js";

// Characters that mean something to systemd, Quadlet or a shell, mixed with any code point.
const special = fc.constantFrom(" ", "\t", "\n", "\r", "\\", '"', "'", "$", "%", "{", "}", ";", "=", "`", "#", "\u0001", "\u007f", "\u0080", "\u00e9", "\u2028", "😀", "\u0000", "\ud800");
const text = fc.string({ unit: fc.oneof(special, fc.constantFrom(..."aZ09-_./:@,+"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 24 });
const sample = fc.record({ env: text, label: text, args: fc.array(text, { minLength: 1, maxLength: 3 }) });

/** A lab of one rootful container per sample; samples the model refuses are dropped (with a reason checked). */
function labOf(samples: readonly { env: string; label: string; args: string[] }[]) {
  const build = (indices: readonly number[]) => {
    const l = lab("prop");
    for (const i of indices) {
      const s = samples[i]!;
      l.container(`c${i}`, { image: "docker.io/library/alpine:3", env: { V: s.env }, labels: { k: s.label }, exec: s.args });
    }
    return buildModel(l, "/virtual/prop.ts", "/virtual");
  };
  const all = samples.map((_, i) => i);
  const first = build(all);
  if (first.ok) return { model: first.model, kept: all };
  // Every refusal names the field: a value the escaper cannot write, never a crash.
  for (const d of first.diagnostics) expect(d.message).toMatch(/^(env\.V|labels\.k|exec\.\d+): /);
  const refused = new Set(first.diagnostics.map((d) => Number(d.resource.replace("container c", ""))));
  const kept = all.filter((i) => !refused.has(i));
  const second = build(kept);
  if (!second.ok) throw new Error(second.diagnostics.map((d) => d.message).join("\n"));
  return { model: second.model, kept };
}

describe("a container's strings reach podman unchanged through the generator and the real quadlet", () => {
  it("environment values, labels and exec arguments round-trip exactly", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.array(sample, { minLength: 40, maxLength: 40 }), (samples) => {
        const { model, kept } = labOf(samples);
        const dir = mkdtempSync(join(tmpdir(), "hlg-prop-"));
        for (const c of model.containers) writeFileSync(join(dir, `${c.name}.container`), containerUnit(model, c, false));
        const result = quadletDryRun(dir);
        expect(result.ok, result.stderr).toBe(true);
        for (const i of kept) {
          const s = samples[i]!;
          const words = execStartWords(result.services.get(`c${i}.service`)!, { unitName: `c${i}.service` });
          const after = (flag: string) => words.filter((_, j) => words[j - 1] === flag);
          expect(after("--env")).toEqual([`V=${s.env}`]);
          expect(after("--label")).toEqual([`k=${s.label}`]);
          expect(words.slice(words.indexOf("docker.io/library/alpine:3") + 1)).toEqual(s.args);
          checked++;
        }
      }),
      { numRuns: 6, seed: 20250125 },
    );
    // Most samples are representable; the test must not pass by refusing them all.
    expect(checked).toBeGreaterThan(80);
  });
});
