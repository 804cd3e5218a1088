import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { placementKey, type Placement } from "../generators/placement.js";
import { archivePlaceholder } from "../generators/quadlet/archive.js";
import { quadletUnits, type QuadletUnit } from "../generators/quadlet/units.js";
import { SECRET_SCRIPT, labScripts, scriptPlaceholder } from "../generators/scripts.js";
import type { Model } from "../model/model.js";
import { kitchenSink, modelOf } from "./support/container-lab.js";
import { synthExample } from "./support/generated.js";
import { execStartWords, quadletDryRun } from "./support/quadlet.js";

/** Each manager's units in a folder of their own, run through `quadlet -dryrun` as that manager would. */
function dryRunAll(units: readonly QuadletUnit[]): Map<string, Map<string, string>> {
  const byManager = new Map<string, { placement: Placement; units: QuadletUnit[] }>();
  for (const u of units) {
    for (const p of u.placements) {
      const entry = byManager.get(placementKey(p)) ?? { placement: p, units: [] };
      entry.units.push(u);
      byManager.set(placementKey(p), entry);
    }
  }
  const services = new Map<string, Map<string, string>>();
  for (const { placement, units: mine } of byManager.values()) {
    const dir = mkdtempSync(join(tmpdir(), "hlg-quadlet-"));
    for (const u of mine) writeFileSync(join(dir, u.file), u.text);
    const result = quadletDryRun(dir, { user: placement.user !== undefined });
    expect(result.ok, `${placement.user ?? "root"}: ${result.stderr}`).toBe(true);
    expect([...result.services.keys()].sort()).toEqual(mine.map((u) => u.service).sort());
    services.set(placement.user ?? "root", result.services);
  }
  return services;
}

/** The values of every `key=` line of a section. */
function lines(text: string, section: string, key: string): string[] {
  let current = "";
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!;
    else if (current === section && line.startsWith(`${key}=`)) found.push(line.slice(key.length + 1));
  }
  return found;
}

/** An `Exec*=` command line of a generated service as the argv systemd runs. */
const argv = (commandLine: string): string[] => execStartWords(`[Service]\nExecStart=${commandLine}\n`);

const unitsOf = (model: Model, portable = false) => quadletUnits(model, portable);
const fileOf = (units: readonly QuadletUnit[], file: string) => units.find((u) => u.file === file)!;

describe("Quadlet units through the real quadlet (podman 5.4.2)", () => {
  it("devbox: every unit converts in the manager it is installed for", () => {
    const { model, files } = synthExample("devbox");
    const units = unitsOf(model);
    expect(units.map((u) => `quadlet/${u.file}`)).toEqual([...files.keys()].filter((f) => f.startsWith("quadlet/")));
    for (const u of units) expect(files.get(`quadlet/${u.file}`)).toBe(u.text);
    // The example targets podman 5.8 (NixOS 26.05); the quadlet here is 5.4.2, which knows every
    // key but Memory= (5.5): convert the same units written for 5.4.
    const on54 = { ...model, hosts: model.hosts.map((h) => ({ ...h, podman: { ...h.podman, version: "5.4" } })) };
    const services = dryRunAll(unitsOf(on54));
    expect([...services.keys()].sort()).toEqual(["alice", "bob"]);
    const alice = services.get("alice")!.get("alice-dev.service")!;
    const words = execStartWords(alice, { unitName: "alice-dev.service" });
    expect(words.slice(words.indexOf("localhost/devcontainer:1.0"))).toEqual(["localhost/devcontainer:1.0", "serve"]);
    expect(words).toEqual(expect.arrayContaining(["--name", "alice-dev", "--cpus=2", "--memory=4g", "--pull", "never", "--env-file", "/run/alice-dev-secrets/secrets.env"]));
    expect(words).toEqual(expect.arrayContaining(["-v", "systemd-alice-dev-home:/home/dev", "--env", "CONTAINER_NAME=alice-dev", "--env", "SYNCTHING=1"]));
    expect(lines(alice, "Unit", "Requires")).toEqual(["devcontainer-image.service", "alice-dev-home-volume.service"]);
    expect(services.get("bob")!.get("bob-dev.service")).toContain("SYNCTHING=0");
    // The auth key is referenced, never present: no unit holds more than the op:// reference.
    expect(alice).toContain("op://DevBox/alice-tailscale-authkey/password");
  });

  for (const version of ["4.4", "4.8", "5.4"]) {
    for (const portable of [false, true]) {
      it(`kitchen sink on podman ${version}${portable ? " (portable)" : ""}: every unit converts`, () => {
        dryRunAll(unitsOf(modelOf(kitchenSink(version)), portable));
      });
    }
  }

  it("podman 4.4: a load step before the container, --pull=never as a flag, no .image unit", () => {
    const units = unitsOf(modelOf(kitchenSink("4.4")));
    expect(units.some((u) => u.file.endsWith(".image"))).toBe(false);
    const web = fileOf(units, "web.container");
    expect(web.archive).toBe("app");
    expect(lines(web.text, "Container", "Image")).toEqual(["localhost/app:2.1"]);
    expect(lines(web.text, "Container", "Pull")).toEqual([]);
    expect(lines(web.text, "Container", "PodmanArgs")).toEqual(["--cpus=1.5 --memory=2g --pull=never"]);
    const [load] = lines(web.text, "Service", "ExecStartPre");
    expect(argv(load!)).toEqual(["/bin/sh", "-c", 'exec podman load --quiet --input "$1"', "sh", archivePlaceholder("app")]);
  });

  it("podman 4.8: a .image unit loads the archive; containers use it with Pull=never", () => {
    const units = unitsOf(modelOf(kitchenSink("4.8")));
    const image = fileOf(units, "app.image");
    expect(image.archive).toBe("app");
    expect(lines(image.text, "Image", "Image")).toEqual([`docker-archive:${archivePlaceholder("app")}`]);
    expect(lines(image.text, "Image", "ImageTag")).toEqual(["localhost/app:2.1"]);
    expect(image.placements).toEqual([{ host: "box" }, { host: "box", user: "alice" }]);
    const web = fileOf(units, "web.container");
    expect(web.archive).toBeUndefined();
    expect(lines(web.text, "Container", "Image")).toEqual(["app.image"]);
    expect(lines(web.text, "Container", "Pull")).toEqual(["never"]);
    expect(lines(web.text, "Service", "ExecStartPre")).toEqual([]);
  });

  it("podman 5.5: Memory= instead of --memory", () => {
    const web = fileOf(unitsOf(modelOf(kitchenSink("5.5"))), "web.container");
    expect(lines(web.text, "Container", "Memory")).toEqual(["2g"]);
    expect(lines(web.text, "Container", "PodmanArgs")).toEqual(["--cpus=1.5"]);
  });

  it("a streamed image is piped into podman load on NixOS, and delivered as an archive elsewhere", () => {
    const source = kitchenSink("4.8").replace(`const data =`, `const tool = l.image("tool", { tag: "3", packages: ["jq"], stream: true });\nconst data =`).replace(`l.container("worker", { image: app,`, `l.container("worker", { image: tool,`);
    const model = modelOf(source);
    const worker = fileOf(unitsOf(model), "worker.container");
    expect(worker.archive).toBe("tool");
    expect(lines(worker.text, "Container", "Image")).toEqual(["localhost/tool:3"]);
    expect(argv(lines(worker.text, "Service", "ExecStartPre")[0]!)).toEqual(["/bin/sh", "-c", '"$1" | podman load --quiet', "sh", archivePlaceholder("tool")]);
    expect(unitsOf(model).some((u) => u.file === "tool.image")).toBe(false);
    dryRunAll(unitsOf(model));
    const portable = unitsOf(model, true);
    expect(fileOf(portable, "tool.image").archive).toBe("tool");
    expect(lines(fileOf(portable, "worker.container").text, "Container", "Image")).toEqual(["tool.image"]);
    dryRunAll(portable);
  });

  it("portable target: a Nix image with a registry fallback is pulled, not built", () => {
    const units = unitsOf(modelOf(kitchenSink("4.8")), true);
    expect(units.some((u) => u.file.endsWith(".image") || u.archive !== undefined)).toBe(false);
    const web = fileOf(units, "web.container");
    expect(lines(web.text, "Container", "Image")).toEqual(["ghcr.io/example/app:2.1"]);
    expect(lines(web.text, "Container", "Pull")).toEqual([]);
  });

  it("values reach podman exactly: ports, mounts, environment, labels, health, command", () => {
    const services = dryRunAll(unitsOf(modelOf(kitchenSink("5.4"))));
    const web = execStartWords(services.get("root")!.get("web.service")!, { unitName: "web.service" });
    const pairs = (flag: string) => web.flatMap((w, i) => (w === flag ? [web[i + 1]] : []));
    expect(pairs("--publish")).toEqual(["8080:8000/tcp", "127.0.0.1:8443:8443/tcp", "[::1]:5353:53/udp"]);
    expect(pairs("-v")).toEqual(["/srv/web data:/srv/data:ro"]);
    expect(pairs("--env")).toEqual([`MOTTO=it's 100% "fine" $HOME`]);
    expect(pairs("--label")).toEqual(expect.arrayContaining(["traefik.http.routers.web.rule=Host(`x`)", "io.containers.autoupdate=local"]));
    expect(pairs("--health-cmd")).toEqual(['["curl","-f","http://localhost:8000/"]']);
    expect(pairs("--workdir")).toEqual(["/srv"]);
    expect(web.slice(-5)).toEqual(["localhost/app:2.1", "python3", "-m", "http.server", "8000"]);
    const worker = services.get("alice")!.get("worker.service")!;
    expect(lines(worker, "Unit", "Requires")).toContain("db.service");
    expect(execStartWords(worker, { unitName: "worker.service" })).toEqual(expect.arrayContaining(["--cap-add", "net_admin", "--network", "systemd-backend"]));
  });

  it("command secrets: fetched at start into a private runtime file, handed to podman, then removed", () => {
    const model = modelOf(kitchenSink("5.4"));
    const services = dryRunAll(unitsOf(model));
    const db = services.get("alice")!.get("db.service")!;
    const work = mkdtempSync(join(tmpdir(), "hlg-secrets-"));
    // The step runs scripts/append-secret.sh, named by placeholder until the NixOS module puts its store path in.
    const script = join(work, "append-secret.sh");
    writeFileSync(script, labScripts(model, false).find((s) => s.name === SECRET_SCRIPT)!.text);
    const bin = join(work, "bin");
    const runtime = join(work, "runtime");
    mkdirSync(bin);
    mkdirSync(runtime);
    writeFileSync(join(bin, "op"), `#!/bin/sh\n[ "$1 $2" = "read op://Vault/pg/password" ] || exit 3\nprintf 'pa$$ word %s\\n' "$OP_SERVICE_ACCOUNT_TOKEN"\n`);
    chmodSync(join(bin, "op"), 0o755);
    const run = (line: string, extra: Record<string, string> = {}) => {
      const commandLine = line.replace(scriptPlaceholder(SECRET_SCRIPT), script);
      return spawnSync(argv(commandLine)[0]!, argv(commandLine).slice(1), {
        env: { PATH: `${bin}:/usr/bin:/bin`, RUNTIME_DIRECTORY: runtime, OP_SERVICE_ACCOUNT_TOKEN: "tok", ...extra },
        encoding: "utf8",
      });
    };
    expect(lines(db, "Service", "EnvironmentFile")).toEqual(["/etc/sink/op.env"]);
    expect(lines(db, "Service", "RuntimeDirectory")).toEqual(["db-secrets"]);
    for (const pre of lines(db, "Service", "ExecStartPre")) expect(run(pre).status).toBe(0);
    expect(readFileSync(join(runtime, "secrets.env"), "utf8")).toBe("API_KEY=k 1\nPGPASSWORD=pa$$ word tok\n");
    const words = execStartWords(db, { unitName: "db.service" });
    expect(words.filter((_, i) => words[i - 1] === "--env-file")).toEqual(["/etc/sink/extra.env", "/run/db-secrets/secrets.env"]);
    expect(words.filter((_, i) => words[i - 1] === "--secret")).toEqual(["pg-pw,type=env,target=PW"]);
    const [post] = lines(db, "Service", "ExecStartPost");
    expect(run(post!).status).toBe(0);
    expect(() => readFileSync(join(runtime, "secrets.env"))).toThrow();
    // A value of several lines cannot go through an env file: the start fails, naming the secret.
    writeFileSync(join(bin, "op"), "#!/bin/sh\nprintf 'a\\nb\\n'\n");
    const multi = lines(db, "Service", "ExecStartPre").find((l) => l.includes("PGPASSWORD"))!;
    const failed = run(multi);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain("secret PGPASSWORD: the command printed several lines");
  });

  it("the NixOS target generates the same units as quadletUnits", () => {
    const model = modelOf(kitchenSink("4.8"));
    const files = generateAll(model, { target: "nixos", outDir: "/tmp/x" });
    for (const u of unitsOf(model)) expect(files.get(`quadlet/${u.file}`)).toBe(u.text);
  });
});
