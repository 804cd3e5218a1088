/** A small topology in a fresh folder (optionally a git work tree), for the realize commands' tests. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTopology } from "../../cli/load.js";
import { buildModel } from "../../model/build.js";
import type { Model } from "../../model/model.js";

/** A mini lab on disk: its folder, the topology file name in it, and its model. */
export interface MiniLab {
  /** Real path of the folder (symlinks resolved, as the CLI reports paths). */
  readonly dir: string;
  readonly file: "lab.ts";
  /** The generated folder the CLI writes by default, `<dir>/generated/lab`. */
  readonly out: string;
  readonly model: Model;
}

const git = (dir: string, ...args: string[]): string =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, encoding: "utf8" });

/**
 * Writes `lab.ts`: hosts (default one, `hv`), then network lan, pool images and VM web (on the
 * first host when there are several); with
 * `module`, host hv imports `./hosts/hv.nix` (written unless `writeModule` is false); with `image`,
 * a container image `tool`. With `git`, the folder is a work tree with everything committed.
 */
export function miniLab(opts: { hosts?: string[]; module?: boolean; writeModule?: boolean; image?: boolean; git?: boolean } = {}): MiniLab {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "hlg-mini-")));
  const names = opts.hosts ?? ["hv"];
  const hosts = names.map((h, i) => `const host${i} = l.host("${h}"${opts.module && h === "hv" ? `, { modules: ["./hosts/hv.nix"] }` : ""});`);
  // With several hosts the libvirt resources say they run on the first.
  const on = names.length > 1 ? `host: host0, ` : "";
  writeFileSync(
    join(dir, "lab.ts"),
    [
      `import { gib, lab } from "homelab-gen";`,
      `const l = lab("mini");`,
      ...hosts,
      `const lan = l.network("lan", { ${on}subnet: "10.9.0.0/24" });`,
      `const pool = l.pool("images", { ${on}path: "/var/lib/libvirt/images/mini" });`,
      `l.linuxVm("web", { ${on}memory: gib(1), disk: pool.volume("web", { capacity: gib(8) }), nics: [{ network: lan }] });`,
      ...(opts.image ? [`l.image("tool", { tag: "1.0", packages: ["hello"] });`] : []),
      `export default l;`,
      ``,
    ].join("\n"),
  );
  if (opts.module && opts.writeModule !== false) {
    mkdirSync(join(dir, "hosts"));
    writeFileSync(join(dir, "hosts/hv.nix"), "{ ... }: { }\n");
  }
  if (opts.git) {
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "lab");
  }
  const built = buildModel(loadTopology(join(dir, "lab.ts")), join(dir, "lab.ts"), dir);
  if (!built.ok) throw new Error(`mini lab invalid: ${built.diagnostics[0]?.message}`);
  return { dir, file: "lab.ts", out: join(dir, "generated/lab"), model: built.model };
}

/** Paths staged in the work tree's index (relative), sorted. */
export const staged = (dir: string): string[] => git(dir, "diff", "--cached", "--name-only").split("\n").filter(Boolean).sort();
