import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lab } from "../dsl/index.js";
import { controlScript } from "../generators/control-command/script.js";
import { templateUnits } from "../generators/control-command/units.js";
import { buildModel } from "../model/build.js";
import { fillPlaceholders } from "../model/placeholders.js";
import { execStartWords, quadletDryRun } from "./support/quadlet.js";

// Characters that mean something to systemd, Quadlet, bash's pattern substitution or sed, and placeholders.
const special = fc.constantFrom(" ", "\t", "\n", "\\", '"', "'", "$", "%", "&", "/", "*", "?", "[", "{", "}", "{name}", "{user}", "{name", "name}", ";", "=", "`", "#", "\u00e9", "😀");
const text = fc.array(fc.oneof(special, fc.constantFrom(..."aZ09-_./:@,+")), { maxLength: 12 }).map((parts) => parts.join(""));
const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
const user = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,31}$/);

/** A template with one env variable per value; values the model refuses (unknown placeholders, NUL...) are dropped. */
function templateOf(values: readonly string[]) {
  const build = (kept: readonly number[]) => {
    const l = lab("prop");
    l.containerTemplate("dev", {
      image: "docker.io/library/alpine:3",
      users: ["alice"],
      env: Object.fromEntries(kept.map((i) => [`V${i}`, values[i]!])),
    });
    return buildModel(l, "/virtual/prop.ts", "/virtual");
  };
  let kept = values.map((_, i) => i);
  const first = build(kept);
  if (first.ok) return { model: first.model, kept };
  for (const d of first.diagnostics) expect(d.message).toMatch(/^(env\.V\d+: |\{[^{}]*\} is not a placeholder)/);
  kept = kept.filter((i) => !/[{}]/.test(values[i]!.replace(/\{(name|user)\}/g, "")) && !first.diagnostics.some((d) => d.message.startsWith(`env.V${i}: `)));
  const second = build(kept);
  if (!second.ok) throw new Error(second.diagnostics.map((d) => d.message).join("\n"));
  return { model: second.model, kept };
}

describe("the control command fills {name} and {user} into the generated unit without changing anything else", () => {
  it("environment values round-trip through the script's fill, the real quadlet and systemd's parsing", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.array(text, { minLength: 20, maxLength: 20 }), name, user, (values, n, u) => {
        const { model, kept } = templateOf(values);
        const t = model.containerTemplates[0]!;
        const script = controlScript(model, t, templateUnits(model, t, false), false);
        // The script's own functions, run by bash: what `create` writes.
        const functions = ["fill", "fill_lines", "container_unit"].map((fn) => script.match(new RegExp(`^${fn}\\(\\) \\{\\n[^]*?\\n\\}$`, "m"))![0]).join("\n");
        const r = spawnSync("bash", ["-c", `set -euo pipefail\n${functions}\nname=$1 user=$2\ncontainer_unit | fill_lines`, "bash", n, u], { encoding: "utf8" });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toBe(fillPlaceholders(templateUnits(model, t, false).container.text, { name: n, user: u }));
        const dir = mkdtempSync(join(tmpdir(), "hlg-ctl-prop-"));
        writeFileSync(join(dir, `${n}.container`), r.stdout);
        const result = quadletDryRun(dir, { user: true });
        expect(result.ok, result.stderr).toBe(true);
        const words = execStartWords(result.services.get(`${n}.service`)!, { unitName: `${n}.service` });
        const env = words.filter((_, j) => words[j - 1] === "--env");
        expect(env).toEqual(expect.arrayContaining(kept.map((i) => `V${i}=${fillPlaceholders(values[i]!, { name: n, user: u })}`)));
        expect(words[words.indexOf("--name") + 1]).toBe(n);
        checked += kept.length;
      }),
      { numRuns: 8, seed: 20261202 },
    );
    expect(checked).toBeGreaterThan(80);
  });
});
