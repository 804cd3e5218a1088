import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakes, runCliIn, spawnCliIn } from "./support/fake-tools.js";
import { ROOT } from "./support/generated.js";
import { miniLab, staged } from "./support/mini-lab.js";

const FEATURES = ["--extra-experimental-features", "nix-command flakes"];
const TOPLEVEL = "nixosConfigurations.hv.config.system.build.toplevel";
const transcript = (name: string): string => readFileSync(join(ROOT, "test/fixtures/transcripts", name), "utf8");
/** The output path in the recorded successful build. */
const RESULT = JSON.parse(transcript("build-success.stdout"))[0].outputs.out as string;
const LOG_LINE = /^full log: (\/.+\/build\.log)$/m;

describe("homelab-gen build", () => {
  it("locks the flake, builds the host's system with progress, prints the result path; keeps flake.lock", () => {
    const lab = miniLab();
    const tools = fakes(["nix"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${RESULT}\n`);
    const ref = `path:${lab.out}`;
    expect(tools.calls()).toEqual([
      ["nix", "--version"],
      ["nix", ...FEATURES, "flake", "lock", "--log-format", "internal-json", ref],
      ["nix", ...FEATURES, "build", "--no-link", "--json", "--log-format", "internal-json", `${ref}#${TOPLEVEL}`],
    ]);
    expect(r.stderr.replace(LOG_LINE, "full log: LOG")).toBe(
      [
        "generated/lab: 4 added",
        `warning: creating lock file '${lab.out}/flake.lock'`,
        "building dep (1 of 2)",
        "dep: buildPhase",
        "building hello (2 of 2)",
        "hello: unpackPhase",
        "hello: buildPhase",
        "full log: LOG",
        "",
      ].join("\n"),
    );
    // The log has the command lines and every line nix wrote, JSON included.
    const log = readFileSync(LOG_LINE.exec(r.stderr)![1]!, "utf8");
    expect(log).toContain(`$ nix --extra-experimental-features 'nix-command flakes' build --no-link --json`);
    expect(log).toContain(transcript("build-success.stderr"));

    const lock = readFileSync(join(lab.out, "flake.lock"), "utf8");
    const again = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(again.code).toBe(0);
    expect(tools.calls().filter((c) => c.includes("lock"))).toHaveLength(1);
    expect(readFileSync(join(lab.out, "flake.lock"), "utf8")).toBe(lock);
  });

  it("a failing build exits 3 naming the failing derivation with its last log lines and the log file", () => {
    const lab = miniLab();
    const tools = fakes(["nix"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env({ FAKE_NIX_BUILD: "failure" }));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    const drv = /'(\/nix\/store\/[a-z0-9]{32}-broken\.drv)'/.exec(transcript("build-failure.stderr"))![1];
    expect(r.stderr).toContain(
      [
        "building broken (1 of 1)",
        "broken: buildPhase",
        "error: nix build failed (exit code 1)",
        `  error: builder for '${drv}' failed with exit code 3`,
        `failing derivation: broken (${drv})`,
        "last log lines of broken:",
        "  step one",
        "  step two",
        "  fatal: something broke",
      ].join("\n"),
    );
    expect(existsSync(LOG_LINE.exec(r.stderr)![1]!)).toBe(true);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("in a git work tree: addresses the flake through the repository and stages the generated files", () => {
    const lab = miniLab({ git: true, module: true });
    const tools = fakes(["nix"], ["git"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(r.code, r.stderr).toBe(0);
    const ref = `git+file://${lab.dir}?dir=generated/lab`;
    expect(tools.calls().map((c) => c.at(-1))).toEqual(["--version", ref, `${ref}#${TOPLEVEL}`]);
    expect(staged(lab.dir)).toEqual(
      [".homelab-gen-manifest.json", "flake.lock", "flake.nix", "nixvirt/domains.nix", "nixvirt/networks.nix", "nixvirt/pools.nix"].map(
        (f) => `generated/lab/${f}`,
      ),
    );
  });

  it("refuses when the generated folder is git-ignored, since Nix would not see it", () => {
    const lab = miniLab({ git: true });
    writeFileSync(join(lab.dir, ".gitignore"), "generated/\n");
    const tools = fakes(["nix"], ["git"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: generated/lab is ignored by git (.gitignore), so Nix cannot see the generated flake in ${lab.dir}`);
    expect(tools.calls()).toEqual([["nix", "--version"]]);
  });

  it("refuses before nix builds when git does not know a host module, naming it", () => {
    const lab = miniLab({ git: true });
    writeFileSync(join(lab.dir, "lab.ts"), readFileSync(join(lab.dir, "lab.ts"), "utf8").replace(`l.host("hv");`, `l.host("hv", { modules: ["./hv.nix"] });`));
    writeFileSync(join(lab.dir, "hv.nix"), "{ ... }: { }\n");
    const tools = fakes(["nix"], ["git"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("git does not know these host modules: hv.nix\nAdd them: git add hv.nix");
    expect(tools.calls().filter((c) => c.includes("build"))).toEqual([]);
  });

  it("a host module that does not exist is named at the host's line before nix runs, by build, generate and check", () => {
    const lab = miniLab({ module: true, writeModule: false, git: true });
    const tools = fakes(["nix"], ["git"]);
    const message = "lab.ts:3:17: host hv: module ./hosts/hv.nix does not exist (no file hosts/hv.nix)";
    const r = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: 1 problem in the topology; nothing was written.\n${message}\n`);
    expect(tools.calls()).toEqual([]);
    const generate = runCliIn([lab.file], lab.dir, tools.env());
    expect(generate.code).toBe(1);
    expect(generate.stderr).toContain(message);
    expect(existsSync(lab.out)).toBe(false);
    const check = runCliIn(["check", lab.file], lab.dir, tools.env());
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(message);
  });

  it("outside git, a host module outside the generated folder is an error, not a Nix store error", () => {
    const lab = miniLab({ module: true });
    const tools = fakes(["nix"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: host modules outside ${lab.out}: hosts/hv.nix. That folder is not in a git work tree`);
    expect(tools.calls()).toEqual([["nix", "--version"]]);
  });

  it("a missing nix is one message naming it, what needs it and how to install it; exit 3", () => {
    const lab = miniLab();
    const r = runCliIn(["build", lab.file], lab.dir, fakes([]).env());
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      "error: nix is not installed (not found on PATH); homelab-gen build runs it to build the lab's systems.\n" +
        "Install Nix 2.18 or newer: https://nixos.org/download",
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("rejects a Nix older than 2.18 before running it, unless the test-only escape hatch is set", () => {
    const lab = miniLab();
    const tools = fakes(["nix"]);
    const r = runCliIn(["build", lab.file], lab.dir, tools.env({ FAKE_NIX_VERSION: "nix (Nix) 2.8.0" }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error: Nix 2.8.0 is too old: homelab-gen build runs it to build the lab's systems, and needs Nix 2.18 or newer");
    expect(tools.calls()).toEqual([["nix", "--version"]]);
    const allowed = runCliIn(["build", lab.file], lab.dir, tools.env({ FAKE_NIX_VERSION: "nix (Nix) 2.8.0", HOMELAB_GEN_ALLOW_OLD_NIX: "1" }));
    expect(allowed.code).toBe(0);
  });

  it("builds every image with the systems, and only images when there is no host", () => {
    const lab = miniLab({ hosts: ["hv", "spare"], image: true });
    const tools = fakes(["nix"]);
    const r = runCliIn(["build", lab.file, "--host", "hv"], lab.dir, tools.env());
    expect(r.code, r.stderr).toBe(0);
    expect(tools.calls().at(-1)!.slice(-2)).toEqual([`path:${lab.out}#packages.x86_64-linux.tool`, `path:${lab.out}#${TOPLEVEL}`]);
    expect(r.stdout).toBe(`${RESULT}\n${RESULT}\n`);
    const images = miniLab({ hosts: [], image: true });
    expect(runCliIn(["build", images.file], images.dir, tools.env()).code).toBe(0);
    expect(tools.calls().at(-1)!.at(-1)).toBe(`path:${images.out}#packages.x86_64-linux.tool`);
    const empty = miniLab({ hosts: [] });
    const nothing = runCliIn(["build", empty.file], empty.dir, tools.env());
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("error: nothing to build: the topology declares no image and no host");
  });

  it("--host picks one host; an unknown one is a usage error listing the hosts", () => {
    const lab = miniLab({ hosts: ["hv", "spare"] });
    const tools = fakes(["nix"]);
    expect(runCliIn(["build", lab.file, "--host", "hv"], lab.dir, tools.env()).code).toBe(0);
    expect(tools.calls().at(-1)!.at(-1)).toBe(`path:${lab.out}#${TOPLEVEL}`);
    const r = runCliIn(["build", lab.file, "--host", "nope"], lab.dir, tools.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no host "nope" in the topology (hosts: hv, spare)`);
  });

  it("Ctrl-C stops nix and exits 130", async () => {
    const lab = miniLab();
    const tools = fakes(["nix"]);
    const child = spawnCliIn(["build", lab.file], lab.dir, tools.env({ FAKE_NIX_BUILD: "hang" }));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while (!tools.calls().some((c) => c.includes("build"))) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readFileSync(tools.log, "utf8")).toContain("nix: stopped by SIGINT");
    expect(stderr).toContain("error: interrupted: nix was stopped");
  });
});

describe("homelab-gen build --in-container", () => {
  const containerRun = (engine: string, lab: { dir: string; out: string }) => [
    engine,
    "run",
    "--rm",
    "--security-opt",
    "label=disable",
    "--volume",
    "homelab-gen-nix:/nix",
    "--volume",
    `${lab.out}:${lab.out}`,
    "--workdir",
    lab.out,
    "--env",
    "GIT_CONFIG_COUNT=1",
    "--env",
    "GIT_CONFIG_KEY_0=safe.directory",
    "--env",
    "GIT_CONFIG_VALUE_0=*",
    "docker.io/nixos/nix",
    "nix",
  ];

  it("runs nix build in podman with the generated folder and a store volume mounted", () => {
    const lab = miniLab();
    const tools = fakes(["podman", "docker"]);
    const r = runCliIn(["build", lab.file, "--in-container"], lab.dir, tools.env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${RESULT}\n`);
    expect(r.stderr).toContain("the paths are in the container volume homelab-gen-nix");
    const ref = `path:${lab.out}`;
    expect(tools.calls().filter((c) => c[0] === "podman")).toEqual([
      [...containerRun("podman", lab), ...FEATURES, "flake", "lock", "--log-format", "internal-json", ref],
      [...containerRun("podman", lab), ...FEATURES, "build", "--no-link", "--json", "--log-format", "internal-json", `${ref}#${TOPLEVEL}`],
    ]);
  });

  it("uses docker when podman is missing", () => {
    const lab = miniLab();
    const tools = fakes(["docker"]);
    expect(runCliIn(["build", lab.file, "--in-container"], lab.dir, tools.env()).code).toBe(0);
    expect(tools.calls()[0]!.slice(0, -7)).toEqual(containerRun("docker", lab));
  });

  it("says how to get an engine when there is none", () => {
    const lab = miniLab();
    const r = runCliIn(["build", lab.file, "--in-container"], lab.dir, fakes(["nix"]).env());
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      "error: neither podman nor docker is installed (not found on PATH); homelab-gen build --in-container runs Nix in a container with one of them.",
    );
  });
});
