import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/generated.js";
import { build, problems } from "./support/topology.js";

/** A topology of containers: line 1 imports, line 2 the lab, line 3 a host, line 4 an image; tests add from line 5. */
const PRELUDE = [
  `import { lab, gib, opRead, podmanSecret } from "homelab-gen";`,
  `const l = lab("t");`,
  `const h = l.host("h", { podman: { version: "4.4" } });`,
  `const img = l.image("app", { tag: "1.0", packages: ["bashInteractive"] });`,
];
const topo = (...lines: string[]): string => [...PRELUDE, ...lines, "export default l;"].join("\n");
const container = (name: string, props = "") => `l.container("${name}", { image: img, ${props} });`;

describe("container validation", () => {
  it("accepts a valid topology", () => {
    const result = build(
      topo(
        `const v = l.podmanVolume("data", { owner: { uid: 1000 } });`,
        `const n = l.podmanNetwork("back", { subnet: "10.89.1.0/24", gateway: "10.89.1.1" });`,
        `const db = l.container("db", { image: "docker.io/library/postgres:16", user: "alice", networks: [n], volumes: [{ volume: v, path: "/var/lib/postgresql/data" }] });`,
        container("web", `user: "alice", ports: [{ host: 8080, container: 80 }], dependsOn: [db], cpus: 0.5, memory: "512m", secrets: { TOKEN: opRead("op://v/i/f") }`),
        `l.job("prune", { schedule: "Mon..Fri 03:00", command: ["podman", "image", "prune", "--force"], user: "alice" });`,
      ),
    );
    expect(result.ok).toBe(true);
  });

  it("reports an unknown image", () => {
    expect(problems(topo(`const other = lab("o").image("ghost", { tag: "1" });`, `l.container("web", { image: other });`))).toContain(
      `6: container web: unknown image "ghost": declare it with lab.image(...) in this lab`,
    );
  });

  it("reports a host port published twice on one host, and not on different addresses", () => {
    const out = problems(
      topo(
        container("a", `ports: [{ host: 8080, container: 80 }, { host: 53, container: 53, protocol: "udp", hostIp: "127.0.0.1" }]`),
        container("b", `ports: [{ host: 8080, container: 8080 }, { host: 53, container: 53, protocol: "udp", hostIp: "127.0.0.2" }]`),
        container("c", `ports: [{ host: 9000, container: 1 }, { host: 9000, container: 2 }]`),
      ),
    );
    expect(out).toContain(`6: container b: host port 8080/tcp is published twice on host h: container a (line 5) publishes it`);
    expect(out).toContain(`7: container c: host port 9000/tcp is published twice on host h: this container already publishes it`);
    expect(out.filter((p) => p.includes("53/udp"))).toEqual([]);
  });

  it("reports duplicate container names", () => {
    expect(problems(topo(container("web"), container("web")))).toContain(`6: container web: duplicate container name "web" (also used at line 5)`);
  });

  it("reports undeclared volumes and networks", () => {
    const out = problems(
      topo(
        `const o = lab("o");`,
        container("web", `volumes: [{ volume: o.podmanVolume("gone"), path: "/data" }], networks: [o.podmanNetwork("nowhere")]`),
      ),
    );
    expect(out).toContain(`6: container web: volume "gone" is not declared in this lab (lab.podmanVolume(...))`);
    expect(out).toContain(`6: container web: network "nowhere" is not declared in this lab (lab.podmanNetwork(...))`);
  });

  it("reports limits that do not parse", () => {
    const out = problems(topo(container("a", `memory: "4 gigs"`), container("b", `cpus: -1`), container("c", `memory: gib(0)`), container("d", `memory: 4 as any`)));
    expect(out).toContain(`5: container a: memory: memory "4 gigs" does not parse: use gib(4) or podman's syntax such as "512m" or "4g"`);
    expect(out).toContain(`6: container b: cpus: cpus must be greater than zero`);
    expect(out).toContain(`7: container c: memory: memory {"count":0,"unit":"GiB"} does not parse: use gib(4) or podman's syntax such as "512m" or "4g"`);
    expect(out).toContain(`8: container d: memory: memory 4 does not parse: use gib(4) or podman's syntax such as "512m" or "4g"`);
  });

  it("reports images without a tag, malformed package paths and too many layers", () => {
    const out = problems(
      topo(
        `l.image("notag", {} as any);`,
        `l.image("pkgs", { tag: "1", packages: ["ripgrep", "python3Packages..requests", "with", "foo bar"] });`,
        `l.image("layers", { tag: "1", maxLayers: 200 });`,
      ),
    );
    expect(out.some((p) => p.startsWith("5: image notag: tag: an image needs a tag"))).toBe(true);
    for (const index of [1, 2, 3]) expect(out.some((p) => p.startsWith(`6: image pkgs: packages.${index}: must be a nixpkgs attribute path`))).toBe(true);
    expect(out.some((p) => p.startsWith("6: image pkgs: packages.0"))).toBe(false);
    expect(out).toContain(`7: image layers: maxLayers: maxLayers must be at most 125 (Docker's limit)`);
  });

  it("reports Quadlet keys newer than the host's podman, naming the version", () => {
    const out = problems(
      topo(
        container("a", `healthCheck: { command: "curl -f http://localhost/" }, autoUpdate: "registry"`),
        container("b", `secrets: { PW: podmanSecret("pw") }, workingDir: "/srv"`),
        container("c", `raw: { Container: { Memory: "1g", Bogus: "x" } }`),
      ),
    );
    expect(out).toContain(`5: container a: healthCheck needs podman 4.5 (Quadlet key HealthCmd=), but host h targets podman 4.4`);
    expect(out).toContain(`5: container a: autoUpdate needs podman 4.6 (Quadlet key AutoUpdate=), but host h targets podman 4.4`);
    expect(out).toContain(`6: container b: a podmanSecret(...) secret needs podman 4.5 (Quadlet key Secret=), but host h targets podman 4.4`);
    expect(out).toContain(`6: container b: workingDir needs podman 4.6 (Quadlet key WorkingDir=), but host h targets podman 4.4`);
    expect(out).toContain(`7: container c: raw.Container.Bogus: Quadlet has no [Container] key Bogus`);
  });

  it("reports a raw key newer than the target once the rest is valid", () => {
    expect(problems(topo(container("c", `raw: { Container: { Memory: "1g" } }`)))).toEqual([
      `5: container c: raw key needs podman 5.5 (Quadlet key Memory=), but host h targets podman 4.4`,
    ]);
  });

  it("enforces the host's container limits at the first container over them", () => {
    const lines = [
      `const lim = l.host("lim", { podman: { maxContainers: 3, maxContainersPerUser: 2 } });`,
      ...["a", "b", "c"].map((n) => `l.container("${n}", { image: img, host: lim, user: "alice" });`),
      `l.container("d", { image: img, host: lim, user: "bob" });`,
    ];
    const out = problems(topo(...lines));
    expect(out).toContain(`8: container c: host lim allows at most 2 containers per user (podman.maxContainersPerUser); this is alice's container 3`);
    expect(out).toContain(`9: container d: host lim allows at most 3 containers (podman.maxContainers); this is container 4`);
  });

  it("devbox: an eighth developer is refused at the container's line (at most 7 containers on the host)", () => {
    const source = readFileSync(join(ROOT, "examples/devbox.ts"), "utf8");
    const more = ["carol", "dave", "erin", "frank", "grace", "heidi"].map((u) => `  { user: "${u}", codeServer: true, syncthing: false },`).join("\n");
    const crowded = source.replace(`  { user: "bob", codeServer: true, syncthing: false },`, `  { user: "bob", codeServer: true, syncthing: false },\n${more}`);
    const line = crowded.split("\n").findIndex((l) => l.includes("devbox.container(")) + 1;
    const templateLine = crowded.split("\n").findIndex((l) => l.includes("devbox.containerTemplate(")) + 1;
    expect(problems(crowded)).toEqual([
      `${line}: container heidi-dev: host orchestrator allows at most 7 containers (podman.maxContainers); this is container 8`,
      // The template's command could then never make one.
      `${templateLine}: container-template devbox: host orchestrator already runs 8 declared containers and allows 7: the command could never create one`,
    ]);
  });

  it("reports calendar expressions systemd would not take", () => {
    const out = problems(topo(`l.job("j", { schedule: "every day", script: "true" });`, `l.job("k", { schedule: "*-*-* 25:00", script: "true" });`));
    expect(out.some((p) => p.startsWith(`5: job j: schedule: calendar expression "every day" is not valid for systemd`))).toBe(true);
    expect(out.some((p) => p.startsWith(`6: job k: schedule: calendar expression "*-*-* 25:00"`))).toBe(true);
  });

  it("reports jobs without exactly one of script and command", () => {
    expect(problems(topo(`l.job("j", { schedule: "daily" });`))).toContain(`5: job j: a job needs exactly one of script and command`);
  });

  it("reports dependencies across users and cycles", () => {
    const out = problems(
      topo(
        `const a = l.container("a", { image: img, user: "alice" });`,
        `const b: any = l.container("b", { image: img, dependsOn: [a] });`,
        `const c: any = l.container("c", { image: img, dependsOn: [] });`,
        `const d = l.container("d", { image: img, dependsOn: [c] });`,
        `c.props.dependsOn.push(d);`,
      ),
    );
    expect(out).toContain(`6: container b: depends on container a, which runs as alice on host h: systemd orders units of one manager only`);
    expect(out.some((p) => /^(7|8): container [cd]: dependency cycle: /.test(p))).toBe(true);
  });

  it("reports names whose systemd services would clash", () => {
    expect(problems(topo(`l.podmanVolume("web");`, container("web-volume")))).toContain(
      `6: container web-volume: its systemd service web-volume.service is also the service of podman-volume web (line 5)`,
    );
  });

  it("asks for a host when the lab declares several", () => {
    expect(problems(topo(`l.host("h2");`, container("web")))).toContain(`6: container web: the lab declares 2 hosts: say which runs it with \`host:\``);
  });

  it("reports values no unit file can carry, and secrets also set as plain environment", () => {
    const out = problems(
      topo(
        container("a", `env: { A: "nul\\u0000here" }, exec: ["ok", ""]`),
        container("b", `env: { TOKEN: "x" }, secrets: { TOKEN: podmanSecret("t") }`),
        container("c", `env: { "1BAD": "x" }`),
      ),
    );
    expect(out.some((p) => p.startsWith("5: container a: env.A:") && p.includes("NUL"))).toBe(true);
    expect(out.some((p) => p.startsWith("5: container a: exec.1:") && p.includes("empty word"))).toBe(true);
    expect(out).toContain(`6: container b: secrets.TOKEN: TOKEN is both in env and in secrets`);
    expect(out.some((p) => p.startsWith("7: container c: env.1BAD:"))).toBe(true);
  });

  it("wants registry images fully qualified", () => {
    expect(problems(topo(`l.container("web", { image: "nginx" });`)).some((p) => p.includes("must be a fully qualified image reference"))).toBe(true);
  });

  it("reports every problem at once", () => {
    const out = problems(topo(container("web", `memory: "lots"`), container("x"), container("x"), `l.job("j", { schedule: "never", script: "true" });`));
    expect(out.length).toBeGreaterThanOrEqual(3);
  });
});
