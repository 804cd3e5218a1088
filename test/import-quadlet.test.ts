import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitWords } from "../import/quadlet/unit-file.js";
import { words } from "../syntax/unit/escape.js";
import fc from "fast-check";
import { runCli } from "./support/cli.js";
import { ROOT } from "./support/generated.js";
import { quadletDryRun } from "./support/quadlet.js";
import { comparableService } from "./support/quadlet-compare.js";

const CORPUS = join(ROOT, "test/fixtures/import/quadlet/podman-e2e");

/** The service quadlet makes of a unit file: `web.container` -> `web.service`, `data.volume` -> `data-volume.service`. */
const serviceOf = (file: string): string => file.replace(/\.container$/, ".service").replace(/\.(volume|network)$/, "-$1.service");

describe("import of Quadlet files: the real quadlet makes the same services from the generated units as from the originals", () => {
  const dir = mkdtempSync(join(tmpdir(), "hlg-import-quadlet-"));
  cpSync(CORPUS, join(dir, "in"), { recursive: true });
  const imported = runCli(["import", "--quadlet", join(dir, "in"), "-o", join(dir, "lab.ts")]);
  const generated = runCli([join(dir, "lab.ts"), "-t", "libvirt", "--out", join(dir, "out")], { cwd: dir });

  it("imports and generates; check passes on the imported file", () => {
    expect(imported.code, imported.stderr).toBe(0);
    const nixos = runCli([join(dir, "lab.ts"), "--out", join(dir, "nixos")], { cwd: dir });
    expect(nixos.code, nixos.stderr).toBe(0);
    const check = runCli(["check", join(dir, "lab.ts"), "--out", join(dir, "nixos")], { cwd: dir });
    expect(check.code, check.stderr).toBe(0);
    expect(imported.stdout).toMatch(/imported 0 VMs, 0 networks, 0 pools, 0 volumes, \d+ containers, \d+ podman volumes, \d+ podman networks; \d+ keys kept raw: /);
    expect(generated.code, generated.stderr).toBe(0);
  });

  it("every unit is either generated (and quadlet's services agree) or written as a NOT IMPORTED comment", () => {
    const before = quadletDryRun(join(dir, "in"));
    const after = quadletDryRun(join(dir, "out/quadlet"));
    expect(after.ok, after.stderr).toBe(true);
    const source = readFileSync(join(dir, "lab.ts"), "utf8");
    let compared = 0;
    for (const file of readdirSync(join(dir, "in")).filter((f) => /\.(container|volume|network)$/.test(f))) {
      const service = serviceOf(file);
      if (source.includes(`// NOT IMPORTED: ${file}: `)) continue;
      const original = before.services.get(service);
      expect(original, `quadlet made no ${service} from the original ${file}`).toBeDefined();
      const hasDescription = /^Description=/m.test(readFileSync(join(dir, "in", file), "utf8"));
      expect(comparableService(after.services.get(service) ?? "", hasDescription), file).toEqual(comparableService(original!, hasDescription));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(18);
  });

  it("typed where the DSL has the option: exec words, labels, environment, networks and volumes as handles, kept keys under a comment", () => {
    const source = readFileSync(join(dir, "lab.ts"), "utf8");
    expect(source).toContain(`exec: ["/some/binary file", "--arg1", "arg 2"],`);
    expect(source).toContain(`labels: { "org.foo.Arg1": "arg1", "org.foo.Arg2": "arg 2", "org.foo.Arg3": "arg3", "org.foo.Arg0": "arg0" },`);
    expect(source).toMatch(/topology\.container\("network\.quadlet", \{\n  image: "localhost\/imagename",\n  networks: \[basicNetwork\],/);
    expect(source).toContain("// kept as written: Container ContainerName: quadlet's default container name");
    expect(source).toContain("// NOT IMPORTED: noimage.container: it needs exactly one Image=");
  });
});

describe("import --quadlet on bad input: the file and line, nothing written", () => {
  it("a line that is neither a section nor Key=Value", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-import-quadlet-bad-"));
    writeFileSync(join(dir, "web.container"), "[Container]\nImage=docker.io/library/nginx:1.27\nthis is not a key\n");
    const r = runCli(["import", "--quadlet", dir, "-o", join(dir, "lab.ts")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/web\.container:3: line 3 is neither \[Section\] nor Key=Value: "this is not a key"; nothing was written\./);
    expect(existsSync(join(dir, "lab.ts"))).toBe(false);
  });

  it("a file that is not a Quadlet unit", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-import-quadlet-bad-"));
    writeFileSync(join(dir, "notes.txt"), "hello\n");
    const r = runCli(["import", "--quadlet", dir, "-o", join(dir, "lab.ts")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("notes.txt: .txt is not a Quadlet unit type");
    expect(existsSync(join(dir, "lab.ts"))).toBe(false);
  });
});

describe("Quadlet word splitting", () => {
  it("reads back every word list the project's own quoting writes", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", '"', "'", "\\", "\n", "\t", "=", "/", "é"), minLength: 1, maxLength: 12 }).filter((w) => !w.includes("$"));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (list) => {
        expect(splitWords(words(list, { variables: false }))).toEqual(list);
      }),
    );
  });
});
