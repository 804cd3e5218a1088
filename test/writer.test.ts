import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  diffPlan,
  MANIFEST_NAME,
  planWrite,
  readManifest,
  WriteConflictError,
  writeOutput,
  type WritePlan,
} from "../writer/index.js";

let root: string;
let out: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "writer-test-"));
  out = join(root, "out");
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const base = (): Map<string, string> =>
  new Map([
    ["flake.nix", "{ outputs = _: { }; }\n"],
    ["nixvirt/domains.nix", "[ ]\n"],
    ["nixvirt/networks.nix", "[ \"lan\" ]\n"],
    ["quadlet/web.container", "[Container]\nImage=nginx\n"],
  ]);

/** Every entry under `dir` (relative path -> file bytes as text, or "<dir>"), sorted. */
function snapshot(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        result[path] = "<dir>";
        walk(path);
      } else {
        result[path] = readFileSync(join(dir, path), "latin1");
      }
    }
  };
  walk("");
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Sets every file's mtime far into the past, so any rewrite is visible regardless of clock resolution. */
function ageAll(dir: string): Record<string, number> {
  const mtimes: Record<string, number> = {};
  for (const [path, kind] of Object.entries(snapshot(dir))) {
    if (kind === "<dir>") continue;
    utimesSync(join(dir, path), 1_000_000, 1_000_000);
    mtimes[path] = statSync(join(dir, path)).mtimeMs;
  }
  return mtimes;
}

function mtimes(dir: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [path, kind] of Object.entries(snapshot(dir))) {
    if (kind !== "<dir>") result[path] = statSync(join(dir, path)).mtimeMs;
  }
  return result;
}

function stagingLeftovers(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(".homelab-gen-") && n !== MANIFEST_NAME) : [];
}

function catchConflict(fn: () => unknown): WriteConflictError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WriteConflictError);
    return err as WriteConflictError;
  }
  throw new Error("expected a WriteConflictError");
}

const empty: WritePlan = { added: [], changed: [], removed: [], unchanged: [], conflicts: [] };

describe("writeOutput", () => {
  it("first write creates every file and a manifest", () => {
    const files = base();
    const plan = writeOutput(out, files, { topology: "examples/lab.ts", generatorVersion: "0.1.0" });
    expect(plan).toEqual({ ...empty, added: [...files.keys()].sort() });
    for (const [path, contents] of files) expect(readFileSync(join(out, path), "utf8")).toBe(contents);

    const text = readFileSync(join(out, MANIFEST_NAME), "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    const manifest = readManifest(out)!;
    expect(manifest.topology).toBe("examples/lab.ts");
    expect(manifest.generatorVersion).toBe("0.1.0");
    expect(Object.keys(manifest.files)).toEqual([...files.keys()].sort());
    expect(manifest.files["flake.nix"]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
    expect(stagingLeftovers(out)).toEqual([]);
  });

  it("a second identical write touches nothing", () => {
    const files = base();
    writeOutput(out, files, { topology: "t.ts", generatorVersion: "1" });
    const before = ageAll(out);
    const bytes = snapshot(out);

    const plan = writeOutput(out, files, { topology: "t.ts", generatorVersion: "1" });
    expect(plan).toEqual({ ...empty, unchanged: [...files.keys()].sort() });
    expect(mtimes(out)).toEqual(before);
    expect(snapshot(out)).toEqual(bytes);
  });

  it("rewrites only the changed file, and the manifest", () => {
    const files = base();
    writeOutput(out, files);
    const before = ageAll(out);

    files.set("nixvirt/domains.nix", "[ \"vm1\" ]\n");
    const plan = writeOutput(out, files);
    expect(plan.changed).toEqual(["nixvirt/domains.nix"]);
    expect(plan.added).toEqual([]);
    const after = mtimes(out);
    for (const path of Object.keys(before)) {
      const touched = path === "nixvirt/domains.nix" || path === MANIFEST_NAME;
      expect(after[path] !== before[path], path).toBe(touched);
    }
    expect(readFileSync(join(out, "nixvirt/domains.nix"), "utf8")).toBe("[ \"vm1\" ]\n");
    expect(readManifest(out)!.files["nixvirt/domains.nix"]).not.toEqual(undefined);
  });

  it("a changed topology or version rewrites only the manifest", () => {
    writeOutput(out, base(), { generatorVersion: "1" });
    const before = ageAll(out);
    writeOutput(out, base(), { generatorVersion: "2" });
    const after = mtimes(out);
    for (const path of Object.keys(before)) expect(after[path] !== before[path], path).toBe(path === MANIFEST_NAME);
    expect(readManifest(out)!.generatorVersion).toBe("2");
  });

  it("keeps the permissions of a file it replaces", () => {
    writeOutput(out, base());
    chmodSync(join(out, "flake.nix"), 0o750);
    const files = base().set("flake.nix", "{ }\n");
    writeOutput(out, files);
    expect(statSync(join(out, "flake.nix")).mode & 0o777).toBe(0o750);
  });

  it("removes files no longer generated and the directories that emptied", () => {
    const files = base().set("deep/a/b/only.nix", "x\n").set("keep/gen.nix", "y\n");
    writeOutput(out, files);
    writeFileSync(join(out, "keep/user.txt"), "mine\n");

    files.delete("deep/a/b/only.nix");
    files.delete("keep/gen.nix");
    const plan = writeOutput(out, files);
    expect(plan.removed).toEqual(["deep/a/b/only.nix", "keep/gen.nix"]);
    expect(existsSync(join(out, "deep"))).toBe(false);
    expect(readFileSync(join(out, "keep/user.txt"), "utf8")).toBe("mine\n");
    expect(Object.keys(readManifest(out)!.files)).toEqual([...files.keys()].sort());
  });

  it("does not remove empty directories it did not empty", () => {
    mkdirSync(join(out, "empty-by-user"), { recursive: true });
    const files = base().set("gone.nix", "g\n");
    writeOutput(out, files);
    files.delete("gone.nix");
    writeOutput(out, files);
    expect(existsSync(join(out, "empty-by-user"))).toBe(true);
  });

  it("never touches user files elsewhere in the folder", () => {
    mkdirSync(join(out, "notes"), { recursive: true });
    writeFileSync(join(out, "README.md"), "hello\n");
    writeFileSync(join(out, "notes/todo.txt"), "todo\n");
    const userTimes = () => {
      const t = mtimes(out);
      return { readme: t["README.md"], todo: t["notes/todo.txt"] };
    };
    ageAll(out);
    const before = userTimes();

    const files = base();
    writeOutput(out, files);
    files.set("flake.nix", "{ }\n");
    files.delete("quadlet/web.container");
    writeOutput(out, files);

    expect(userTimes()).toEqual(before);
    expect(readFileSync(join(out, "README.md"), "utf8")).toBe("hello\n");
    expect(readFileSync(join(out, "notes/todo.txt"), "utf8")).toBe("todo\n");
  });

  it("recreates a generated file the user deleted", () => {
    writeOutput(out, base());
    rmSync(join(out, "flake.nix"));
    expect(writeOutput(out, base()).added).toEqual(["flake.nix"]);
    expect(readFileSync(join(out, "flake.nix"), "utf8")).toBe(base().get("flake.nix"));
  });
});

describe("conflicts", () => {
  it("refuses to overwrite a hand-edited file, writes nothing, and force overwrites it", () => {
    const files = base();
    writeOutput(out, files);
    writeFileSync(join(out, "flake.nix"), "# my edit\n");
    const before = snapshot(out);

    // Other changes in the same run must not be written either.
    files.set("flake.nix", "{ new = 1; }\n");
    files.set("nixvirt/domains.nix", "[ \"vm\" ]\n");
    files.set("added.nix", "a\n");
    files.delete("quadlet/web.container");
    const err = catchConflict(() => writeOutput(out, files));
    expect(err.conflicts).toEqual([{ path: "flake.nix", reason: "edited" }]);
    expect(err.message).toContain("flake.nix");
    expect(snapshot(out)).toEqual(before);
    expect(stagingLeftovers(out)).toEqual([]);

    const plan = writeOutput(out, files, { force: true });
    expect(plan.changed).toEqual(["flake.nix", "nixvirt/domains.nix"]);
    expect(plan.conflicts).toEqual([{ path: "flake.nix", reason: "edited" }]);
    expect(readFileSync(join(out, "flake.nix"), "utf8")).toBe("{ new = 1; }\n");
  });

  it("reports every conflict at once", () => {
    const files = base().set("old.nix", "o\n");
    writeOutput(out, files);
    writeFileSync(join(out, "flake.nix"), "edit\n");
    writeFileSync(join(out, "old.nix"), "edit\n");
    writeFileSync(join(out, "new.nix"), "user\n");
    files.delete("old.nix");
    files.set("flake.nix", "changed\n");
    files.set("new.nix", "generated\n");

    const err = catchConflict(() => writeOutput(out, files));
    expect(err.conflicts).toEqual([
      { path: "flake.nix", reason: "edited" },
      { path: "new.nix", reason: "unmanaged" },
      { path: "old.nix", reason: "edited-removed" },
    ]);
    expect(planWrite(out, files).conflicts).toEqual(err.conflicts);
  });

  it("keeps a hand-edited file the topology dropped, unless forced", () => {
    const files = base();
    writeOutput(out, files);
    writeFileSync(join(out, "quadlet/web.container"), "edited\n");
    files.delete("quadlet/web.container");
    const err = catchConflict(() => writeOutput(out, files));
    expect(err.conflicts).toEqual([{ path: "quadlet/web.container", reason: "edited-removed" }]);
    expect(readFileSync(join(out, "quadlet/web.container"), "utf8")).toBe("edited\n");

    expect(writeOutput(out, files, { force: true }).removed).toEqual(["quadlet/web.container"]);
    expect(existsSync(join(out, "quadlet"))).toBe(false);
  });

  it("does not clobber an unmanaged file with different content", () => {
    mkdirSync(join(out, "nixvirt"), { recursive: true });
    writeFileSync(join(out, "nixvirt/domains.nix"), "# user's own\n");
    const err = catchConflict(() => writeOutput(out, base()));
    expect(err.conflicts).toEqual([{ path: "nixvirt/domains.nix", reason: "unmanaged" }]);
    expect(snapshot(out)).toEqual({ nixvirt: "<dir>", "nixvirt/domains.nix": "# user's own\n" });
  });

  it("adopts an unmanaged file whose content already matches", () => {
    mkdirSync(join(out, "nixvirt"), { recursive: true });
    writeFileSync(join(out, "nixvirt/domains.nix"), base().get("nixvirt/domains.nix")!);
    const plan = writeOutput(out, base());
    expect(plan.conflicts).toEqual([]);
    expect(plan.unchanged).toEqual(["nixvirt/domains.nix"]);
    expect(readManifest(out)!.files["nixvirt/domains.nix"]).toBeDefined();
  });

  it("treats a directory or a file in the way as unmanaged", () => {
    mkdirSync(join(out, "flake.nix"), { recursive: true });
    writeFileSync(join(out, "nixvirt"), "a file where a directory goes\n");
    const err = catchConflict(() => writeOutput(out, base()));
    expect(err.conflicts).toEqual([
      { path: "flake.nix", reason: "unmanaged" },
      { path: "nixvirt/domains.nix", reason: "unmanaged" },
      { path: "nixvirt/networks.nix", reason: "unmanaged" },
    ]);
  });
});

describe("atomicity", () => {
  it("a failed rename leaves the previous output whole and no staging dir", () => {
    const files = base();
    writeOutput(out, files);
    // A non-empty directory sits where the last file (in commit order) goes: its rename fails
    // after earlier files were already moved into place.
    mkdirSync(join(out, "zz.nix/inner"), { recursive: true });
    writeFileSync(join(out, "zz.nix/inner/data"), "user data\n");
    const before = snapshot(out);

    files.set("flake.nix", "{ changed = true; }\n"); // replaced before the failure
    files.set("new/dir/added.nix", "added\n"); // creates directories before the failure
    files.set("zz.nix", "cannot go here\n");
    files.delete("quadlet/web.container");
    expect(() => writeOutput(out, files, { force: true })).toThrow(/previous output left intact/);

    expect(snapshot(out)).toEqual(before);
    expect(stagingLeftovers(out)).toEqual([]);
    // And the folder still works afterwards.
    files.delete("zz.nix");
    writeOutput(out, files);
    expect(readFileSync(join(out, "flake.nix"), "utf8")).toBe("{ changed = true; }\n");
  });

  it("a file blocking a needed directory fails without a trace", () => {
    writeOutput(out, base());
    writeFileSync(join(out, "zblock"), "user file\n");
    const before = snapshot(out);
    const files = base().set("flake.nix", "{ x = 1; }\n").set("zblock/f.nix", "f\n");
    expect(() => writeOutput(out, files, { force: true })).toThrow();
    expect(snapshot(out)).toEqual(before);
    expect(stagingLeftovers(out)).toEqual([]);
  });
});

describe("paths", () => {
  it.each([
    "/etc/passwd",
    "../escape.nix",
    "a/../../b.nix",
    "a/./b.nix",
    "a\\b.nix",
    "a//b.nix",
    "a/",
    "",
    MANIFEST_NAME,
    ".homelab-gen-stage/x",
  ])("rejects %j and writes nothing", (path) => {
    const files = base().set(path, "x\n");
    expect(() => writeOutput(out, files)).toThrow(Error);
    expect(() => planWrite(out, files)).toThrow(Error);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects a path that is both a file and a directory", () => {
    const files = base().set("nixvirt", "x\n");
    expect(() => writeOutput(out, files)).toThrow(/both a file and a directory/);
  });

  it("refuses a manifest that points outside the folder", () => {
    writeOutput(out, base());
    const text = readFileSync(join(out, MANIFEST_NAME), "utf8").replace('"flake.nix"', '"../flake.nix"');
    writeFileSync(join(out, MANIFEST_NAME), text);
    expect(() => planWrite(out, base())).toThrow(/unsafe output path/);
  });
});

describe("manifest", () => {
  it("is byte-identical across runs and insertion orders", () => {
    const files = base();
    writeOutput(join(root, "one"), files, { topology: "lab.ts", generatorVersion: "0.1.0" });
    const reversed = new Map([...files].reverse());
    writeOutput(join(root, "two"), reversed, { topology: "lab.ts", generatorVersion: "0.1.0" });
    const one = readFileSync(join(root, "one", MANIFEST_NAME), "utf8");
    expect(readFileSync(join(root, "two", MANIFEST_NAME), "utf8")).toBe(one);

    // Keys sorted at every level.
    const parsed = JSON.parse(one) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
    expect(Object.keys(parsed.files as object)).toEqual([...files.keys()].sort());
  });

  it("readManifest returns undefined without one and throws on garbage", () => {
    expect(readManifest(out)).toBeUndefined();
    mkdirSync(out);
    writeFileSync(join(out, MANIFEST_NAME), "{ not json");
    expect(() => readManifest(out)).toThrow(/invalid homelab-gen manifest/);
  });
});

describe("planWrite and diffPlan", () => {
  it("planWrite writes nothing", () => {
    expect(planWrite(out, base())).toEqual({ ...empty, added: [...base().keys()].sort() });
    expect(existsSync(out)).toBe(false);
    writeOutput(out, base());
    writeFileSync(join(out, "flake.nix"), "edited\n");
    const before = snapshot(out);
    planWrite(out, base().set("flake.nix", "new\n"), { force: true });
    expect(snapshot(out)).toEqual(before);
  });

  it("diffPlan shows added, changed and removed files as a unified diff", () => {
    const files = base();
    writeOutput(out, files);
    expect(diffPlan(out, files)).toBe("");

    files.set("flake.nix", "{ outputs = _: { x = 1; }; }\n");
    files.set("added.nix", "new\n");
    files.delete("quadlet/web.container");
    const diff = diffPlan(out, files);
    expect(diff).toContain("--- /dev/null\n+++ b/added.nix\n@@ -0,0 +1,1 @@\n+new\n");
    expect(diff).toContain("--- a/flake.nix\n+++ b/flake.nix\n");
    expect(diff).toContain("-{ outputs = _: { }; }\n+{ outputs = _: { x = 1; }; }\n");
    expect(diff).toContain("--- a/quadlet/web.container\n+++ /dev/null\n");
    expect(diff.indexOf("added.nix")).toBeLessThan(diff.indexOf("flake.nix"));
    expect(diff.indexOf("flake.nix")).toBeLessThan(diff.indexOf("quadlet/web.container"));
  });
});

describe("scripts", () => {
  it("a new file starting with #! is executable; a replaced file keeps its mode", async () => {
    const { mkdtempSync, statSync, chmodSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { writeOutput } = await import("../writer/index.js");
    const dir = mkdtempSync(join(tmpdir(), "hlg-mode-"));
    writeOutput(dir, new Map([["apply.sh", "#!/usr/bin/env bash\necho 1\n"], ["a.nix", "1\n"]]));
    expect(statSync(join(dir, "apply.sh")).mode & 0o111).toBe(0o111);
    expect(statSync(join(dir, "a.nix")).mode & 0o111).toBe(0);
    chmodSync(join(dir, "apply.sh"), 0o700);
    writeOutput(dir, new Map([["apply.sh", "#!/usr/bin/env bash\necho 2\n"], ["a.nix", "1\n"]]));
    expect(statSync(join(dir, "apply.sh")).mode & 0o777).toBe(0o700);
  });
});
