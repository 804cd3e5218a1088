import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import { beforeAll, describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { evalFleetFlake } from "./support/fleet-eval.js";
import { ROOT, writeTemp } from "./support/generated.js";
import { modelOf } from "./support/libvirt.js";

/** Three hosts: two hypervisors on a bridged VLAN (one on another nixpkgs and system), a container box with a key. */
const FLEET = `
import { gib, lab } from "homelab-gen";
const l = lab("f");
const hv1 = l.host("hv1", { targetHost: "root@10.0.0.11", tags: ["hypervisor", "rack"] });
const hv2 = l.host("hv2", { targetHost: "deploy@[fd00::12]:2222", tags: ["hypervisor"], buildOnTarget: true, nixpkgs: "nixos-24.11", system: "aarch64-linux" });
const box = l.host("box", { libvirt: false, keys: { "op.env": { command: ["op", "inject", "-i", "op.env.tpl"], user: "alice", permissions: "0400" }, "ca.pem": { file: "/srv/secrets/ca.pem", uploadAt: "post-activation" } } });
const lan = l.network("lab-net", { mode: "bridge", bridge: "br-lab", vlan: 56, uplink: { hv1: "enp1s0", hv2: "eno1" }, subnet: "192.168.56.0/24" });
const nat = l.network("nat", { host: hv1, subnet: "192.168.122.0/24", bridge: "virbr0" });
const p1 = l.pool("p1", { host: hv1, path: "/var/lib/libvirt/images/p1" });
const p2 = l.pool("p2", { host: hv2, path: "/var/lib/libvirt/images/p2" });
l.windowsVm("DC01", { host: hv1, memory: gib(2), disk: p1.volume("dc01", { capacity: gib(60) }), nics: [{ network: lan, ip: "192.168.56.10" }, { network: nat }] });
l.linuxVm("web", { host: hv2, memory: gib(2), disk: p2.volume("web", { capacity: gib(20) }), nics: [{ network: lan }] });
l.container("app", { host: box, image: "docker.io/library/nginx:1.27" });
export default l;
`;

let dir: string;
beforeAll(() => {
  dir = writeTemp(generateAll(modelOf(FLEET), { target: "nixos", outDir: "/tmp/unused" }));
});

describe("the generated hive, evaluated by Colmena 0.4.0's eval.nix", () => {
  it("is a v0 hive whose typed deployment options carry each host's target, tags, build location and keys", () => {
    const out = evalFleetFlake(dir, `{ schema = self.colmenaHive.__schema; deployment = self.colmenaHive.deploymentConfig; }`) as {
      schema: string;
      deployment: Record<string, Record<string, unknown>>;
    };
    expect(out.schema).toBe("v0");
    expect(Object.keys(out.deployment).sort()).toEqual(["box", "hv1", "hv2"]);
    expect(out.deployment.hv1).toMatchObject({ targetHost: "10.0.0.11", targetUser: "root", targetPort: null, tags: ["hypervisor", "rack"], buildOnTarget: false, keys: {} });
    expect(out.deployment.hv2).toMatchObject({ targetHost: "fd00::12", targetUser: "deploy", targetPort: 2222, tags: ["hypervisor"], buildOnTarget: true });
    // No targetHost: Colmena's own default, the node name, as root.
    expect(out.deployment.box).toMatchObject({ targetHost: "box", targetUser: "root", tags: [] });
    expect(out.deployment.box!.keys).toEqual({
      "ca.pem": { name: "ca.pem", text: null, keyCommand: null, keyFile: "/srv/secrets/ca.pem", destDir: "/run/keys", path: "/run/keys/ca.pem", user: "root", group: "root", permissions: "0600", uploadAt: "post-activation" },
      "op.env": { name: "op.env", text: null, keyCommand: ["op", "inject", "-i", "op.env.tpl"], keyFile: null, destDir: "/run/keys", path: "/run/keys/op.env", user: "alice", group: "root", permissions: "0400", uploadAt: "pre-activation" },
    });
  });

  it("is really type-checked: a port that is not a number fails Colmena's evaluation", () => {
    expect(() =>
      evalFleetFlake(dir, `(colmena.lib.makeHive (self.colmena // { box = self.colmena.box // { deployment.targetPort = "22"; }; })).deploymentConfig.box.targetPort`),
    ).toThrow(/targetPort/);
  });

  it("evaluates every node with the package set of its host and the same modules as nixosConfigurations; Colmena's assertions hold", () => {
    const out = evalFleetFlake(
      dir,
      `{
        toplevel = self.colmenaHive.toplevel;
        system = lib.mapAttrs (_: n: n._module.args.pkgs.system) self.colmenaHive.nodes;
        same = lib.mapAttrs (name: n: n.config.networking == self.nixosConfigurations.\${name}.config.networking) self.colmenaHive.nodes;
        failed = lib.mapAttrs (_: n: map (a: a.message) (builtins.filter (a: !a.assertion) n.config.assertions)) self.colmenaHive.nodes;
        networking = lib.mapAttrs (_: n: n.config.networking) self.colmenaHive.nodes;
        keyServices = builtins.attrNames self.colmenaHive.nodes.box.config.systemd.services;
      }`,
    ) as Record<"toplevel" | "system" | "same" | "failed" | "networking" | "keyServices", Record<string, unknown>>;
    expect(out.toplevel).toEqual({
      box: "/nix/store/00000000000000000000000000000000-nixos-system-box",
      hv1: "/nix/store/00000000000000000000000000000000-nixos-system-hv1",
      hv2: "/nix/store/00000000000000000000000000000000-nixos-system-hv2",
    });
    expect(out.system).toEqual({ box: "x86_64-linux", hv1: "x86_64-linux", hv2: "aarch64-linux" });
    expect(out.same).toEqual({ box: true, hv1: true, hv2: true });
    expect(out.failed).toEqual({ box: [], hv1: [], hv2: [] });
    expect(out.networking.hv1).toEqual({
      hostName: "hv1",
      bridges: { "br-lab": { interfaces: ["enp1s0.56"] } },
      vlans: { "enp1s0.56": { id: 56, interface: "enp1s0" } },
      interfaces: { "br-lab": { useDHCP: false } },
    });
    expect(out.networking.hv2).toMatchObject({ bridges: { "br-lab": { interfaces: ["eno1.56"] } }, vlans: { "eno1.56": { id: 56, interface: "eno1" } } });
    expect(out.networking.box).toEqual({ hostName: "box" });
    // Colmena's key services (NixOps compatible) for each key.
    expect(out.keyServices).toEqual(expect.arrayContaining(["op.env-key", "ca.pem-key"]));
  });
});

describe("the generated deploy-rs nodes, with deploy-rs's own lib and schema", () => {
  it("activate each host's nixosConfiguration with activate.nixos, magic rollback on, and match interface.json", () => {
    const out = evalFleetFlake(
      dir,
      `{
        nodes = lib.mapAttrs (_: node: node // { profiles.system = node.profiles.system // { path = node.profiles.system.path.name; base = builtins.head node.profiles.system.path.paths; }; }) self.deploy.nodes;
        checks = lib.mapAttrs (_: builtins.attrNames) self.checks;
        activate = self.checks.x86_64-linux.deploy-activate.script;
      }`,
    ) as { nodes: Record<string, Record<string, unknown>>; checks: Record<string, string[]>; activate: string };
    expect(out.nodes.hv2).toEqual({
      hostname: "fd00::12",
      sshUser: "deploy",
      sshOpts: ["-p", "2222"],
      magicRollback: true,
      autoRollback: true,
      remoteBuild: true,
      profiles: { system: { user: "root", path: "activatable-nixos-system-hv2", base: "/nix/store/00000000000000000000000000000000-nixos-system-hv2" } },
    });
    expect(out.nodes.box).toMatchObject({ hostname: "box", sshUser: "root", magicRollback: true, remoteBuild: false });
    expect(out.checks).toEqual({ "aarch64-linux": ["deploy-activate", "deploy-schema"], "x86_64-linux": ["deploy-activate", "deploy-schema"] });
    for (const host of ["hv1", "hv2", "box"]) expect(out.activate).toContain(`activatable-nixos-system-${host}:${host}:system`);
    // Its $schema names draft 2019-09 by the http URL, which Ajv knows by https: validate it as that draft.
    const { $schema, ...schema } = JSON.parse(readFileSync(join(ROOT, "test/fixtures/deploy-rs/interface.json"), "utf8")) as Record<string, unknown>;
    expect($schema).toBe("http://json-schema.org/draft/2019-09/schema#");
    const validate = new Ajv2019({ strict: false }).compile(schema);
    expect(validate({ nodes: out.nodes }), JSON.stringify(validate.errors)).toBe(true);
    // The schema is not toothless: a node without a hostname fails it.
    expect(validate({ nodes: { x: { profiles: { system: { path: "p" } } } } })).toBe(false);
  });
});

describe("generated/fleet (examples/fleet.ts), with its host modules", () => {
  it("evaluates with Colmena and deploy-rs: three nodes, the hypervisors' bridges, box's token keys for each developer", () => {
    const out = evalFleetFlake(
      join(ROOT, "generated/fleet"),
      `{
        deployment = lib.mapAttrs (_: d: { inherit (d) targetHost tags; keys = lib.mapAttrs (_: k: { inherit (k) path user permissions; }) d.keys; }) self.colmenaHive.deploymentConfig;
        bridges = lib.mapAttrs (_: n: n.config.networking.bridges or { }) self.colmenaHive.nodes;
        hostnames = lib.mapAttrs (_: n: n.hostname) self.deploy.nodes;
      }`,
    ) as Record<string, Record<string, unknown>>;
    expect(out.deployment).toEqual({
      hv1: { targetHost: "10.0.0.11", tags: ["hypervisor", "rack"], keys: {} },
      hv2: { targetHost: "10.0.0.12", tags: ["hypervisor"], keys: {} },
      box: {
        targetHost: "10.0.0.13",
        tags: ["containers"],
        keys: {
          "op-token-alice.env": { path: "/etc/devbox/op-token-alice.env", user: "alice", permissions: "0400" },
          "op-token-bob.env": { path: "/etc/devbox/op-token-bob.env", user: "bob", permissions: "0400" },
        },
      },
    });
    expect(out.bridges).toEqual({ hv1: { "br-lab": { interfaces: ["enp1s0.56"] } }, hv2: { "br-lab": { interfaces: ["eno1.56"] } }, box: {} });
    expect(out.hostnames).toEqual({ hv1: "10.0.0.11", hv2: "10.0.0.12", box: "10.0.0.13" });
  });
});
