import { describe, expect, it } from "vitest";
import { build, problems } from "./support/topology.js";

/** Line 1 imports, line 2 the lab, line 3 a host, line 4 an image; tests add from line 5. */
const PRELUDE = [
  `import { lab, gib, opRead, podmanSecret } from "homelab-gen";`,
  `const l = lab("t");`,
  `const h = l.host("h", { podman: { version: "4.4", maxContainers: 4, maxContainersPerUser: 2 } });`,
  `const img = l.image("app", { tag: "1.0", packages: ["bashInteractive"] });`,
];
const topo = (...lines: string[]): string => [...PRELUDE, ...lines, "export default l;"].join("\n");
const template = (props = "", name = "dev") => `l.containerTemplate("${name}", { image: img, users: ["alice"], ${props} });`;

describe("container template validation", () => {
  it("accepts a template like the seed's", () => {
    const result = build(
      topo(
        template(
          `limits: { perUser: 2, total: 4 }, home: { path: "/home/dev", volume: "{name}-data" }, env: { CONTAINER_NAME: "{name}", TAGS: "tag:{user}" },` +
            ` secrets: { KEY: opRead("op://V/{user}-key/password", { tokenFile: "/etc/op-{user}.env" }) }, flags: { sync: { env: { SYNC: "1" }, help: "sync" } },` +
            ` connect: ["ssh dev@{name}"], tailscale: {}, cpus: 2, memory: gib(4)`,
        ),
      ),
    );
    expect(result.ok, result.ok ? "" : result.diagnostics.map((d) => d.message).join("\n")).toBe(true);
  });

  it("reports placeholders other than {name} and {user}, at the template's line", () => {
    const out = problems(topo(template(`env: { A: "{host}" }, connect: ["ssh {nam}"], secrets: { K: opRead("op://V/{usr}/x") }`)));
    expect(out.sort()).toEqual([
      "5: container-template dev: {host} is not a placeholder: template strings may hold {name} and {user}",
      "5: container-template dev: {nam} is not a placeholder: template strings may hold {name} and {user}",
      "5: container-template dev: {usr} is not a placeholder: template strings may hold {name} and {user}",
    ]);
  });

  it("validates like a container: env vs secrets, memory, secrets never literal", () => {
    expect(problems(topo(template(`env: { K: "x" }, secrets: { K: opRead("op://v/i/f") }`)))).toEqual(["5: container-template dev: secrets.K: K is both in env and in secrets"]);
    expect(problems(topo(template(`memory: "lots"`)))).toEqual(['5: container-template dev: memory: memory "lots" does not parse: use gib(4) or podman\'s syntax such as "512m" or "4g"']);
    expect(problems(topo(template(`secrets: { K: "tskey-literal" }`)))[0]).toMatch(/^5: container-template dev: secrets\.K: /);
  });

  it("reports Quadlet keys newer than the host's podman", () => {
    expect(problems(topo(template(`workingDir: "/srv", secrets: { K: podmanSecret("s") }`)))).toEqual([
      "5: container-template dev: a podmanSecret(...) secret needs podman 4.5 (Quadlet key Secret=), but host h targets podman 4.4",
      "5: container-template dev: workingDir needs podman 4.6 (Quadlet key WorkingDir=), but host h targets podman 4.4",
    ]);
  });

  it("reports limits above the host's, and a host already full of declared containers", () => {
    expect(problems(topo(template(`limits: { perUser: 3, total: 5 }`)))).toEqual([
      "5: container-template dev: limits.total 5 is above host h's podman.maxContainers 4",
      "5: container-template dev: limits.perUser 3 is above host h's podman.maxContainersPerUser 2",
    ]);
    const full = topo(...["a", "b", "c", "d"].map((n) => `l.container("${n}", { image: img, user: "u${n}" });`), template());
    expect(problems(full)).toEqual(["9: container-template dev: host h already runs 4 declared containers and allows 4: the command could never create one"]);
  });

  it("reports a home volume without {name}, bad names, users, flags and an unknown image", () => {
    expect(problems(topo(template(`home: { path: "/home/dev", volume: "shared" }`)))).toEqual([
      "5: container-template dev: home.volume: the home volume's name must contain {name}: each container has its own",
    ]);
    expect(problems(topo(template("", "Dev_Box")))[0]).toMatch(/^5: container-template Dev_Box: name: template names are 1-28 lowercase/);
    expect(problems(topo(`l.containerTemplate("dev", { image: img, users: [] });`))).toEqual(["5: container-template dev: users: name at least one account that may use the template"]);
    expect(problems(topo(`l.containerTemplate("dev", { image: img, users: ["alice", "alice"] });`))).toEqual(["5: container-template dev: users: users are listed twice"]);
    expect(problems(topo(template(`flags: { Sync: { env: {}, help: "x" } }`)))).toEqual([
      "5: container-template dev: flags.Sync: flag names are lowercase letters, digits and '-' (the option is --with-<flag>)",
    ]);
    expect(problems(topo(template(`flags: { sync: { env: { A: "1" }, help: "x" } }, env: { A: "0" }`)))).toEqual([
      "5: container-template dev: flags.sync.env.A: A is already set by the template's env or secrets",
    ]);
    expect(problems(topo(`l.containerTemplate("dev", { image: lab("o").image("ghost", { tag: "1" }), users: ["alice"] });`))).toEqual([
      '5: container-template dev: unknown image "ghost": declare it with lab.image(...) in this lab',
    ]);
    expect(problems(topo(template(), template()))).toEqual([
      '6: container-template dev: duplicate container template name "dev" (also used at line 5)',
      "6: container-template dev: host h already has a container template (line 5); a host has one",
    ]);
  });
});
