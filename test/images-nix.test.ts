import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { archivePlaceholder } from "../generators/quadlet/archive.js";
import type { Model } from "../model/model.js";
import { kitchenSink, modelOf } from "./support/container-lab.js";
import { devboxTopology } from "./support/control-command.js";
import { ROOT, nixStr, synthExample, writeTemp } from "./support/generated.js";
import { nixEvalJson, nixParse } from "./support/nix.js";

const STUB = join(ROOT, "test/fixtures/pkgs-stub.nix");
const storePath = (name: string) => `/nix/store/00000000000000000000000000000000-${name}`;

/** Nix text of the stub pkgs holding the model's packages (nested attribute paths included). */
function stubPkgs(model: Model): string {
  const tree: Record<string, any> = {};
  for (const path of model.images.flatMap((i) => i.packages)) {
    let node = tree;
    for (const name of path.split(".")) node = node[name] ??= { outPath: storePath(path.split(".").slice(0, path.split(".").indexOf(name) + 1).join(".")) };
  }
  return `import ${nixStr(STUB)} { packages = builtins.fromJSON ${nixStr(JSON.stringify(tree))}; }`;
}

describe("devbox image and flake, evaluated by real Nix against stub nixpkgs", () => {
  let dir: string;
  let model: Model;
  beforeAll(() => {
    const synth = synthExample("devbox");
    model = synth.model;
    dir = writeTemp(synth.files);
  });

  it("every .nix file parses", () => {
    for (const f of ["flake.nix", "containers/devcontainer.nix"]) nixParse(join(dir, f));
  });

  it("containers/devcontainer.nix calls buildLayeredImage with the image's arguments", () => {
    // toJSON of the stub image would be just its outPath: take the recorded call apart.
    const image = nixEvalJson(`{ inherit (import ${nixStr(join(dir, "containers/devcontainer.nix"))} { pkgs = ${stubPkgs(model)}; }) builder args; }`) as any;
    expect(image.builder).toBe("buildLayeredImage");
    const { args } = image;
    expect(args).toMatchObject({ name: "devcontainer", tag: "1.0", maxLayers: 100 });
    for (const pkg of ["bashInteractive", "coreutils", "ripgrep", "fd", "bat", "eza", "fzf", "jq", "git", "gh", "neovim", "zellij", "tailscale", "code-server", "syncthing"]) {
      expect(args.contents).toContain(storePath(pkg));
    }
    expect(args.contents).toContain(storePath("zed-editor.remote_server"));
    expect(args.contents).toEqual(expect.arrayContaining([storePath("ca-certificates"), storePath("bin-sh"), storePath("usr-bin-env"), storePath("fake-nss-override")]));
    expect(args.config).toEqual({
      Entrypoint: ["/bin/devcontainer-entrypoint"],
      Cmd: ["bash"],
      Env: ["HOME=/home/dev", "USER=dev", "SHELL=/bin/bash"],
      ExposedPorts: { "8080/tcp": {}, "8384/tcp": {}, "22000/tcp": {}, "22000/udp": {} },
      User: "dev",
      WorkingDir: "/home/dev",
      Volumes: { "/home/dev": {} },
      Labels: { "org.opencontainers.image.title": "devcontainer" },
    });
    expect(args.fakeRootCommands).toBe("mkdir -p -m 1777 ./tmp\nmkdir -p ./home/dev\nchown 1000:1000 ./home/dev\n");
  });

  it("the entrypoint starts tailscaled in userspace networking and brings Tailscale SSH up", () => {
    const text = nixEvalJson(
      `let pkgs = ${stubPkgs(model)}; img = import ${nixStr(join(dir, "containers/devcontainer.nix"))} { inherit pkgs; }; in (builtins.head (builtins.filter (c: (c.name or "") == "devcontainer-entrypoint") img.args.contents)).text`,
    ) as string;
    expect(text).toContain("tailscaled --tun=userspace-networking");
    expect(text).toMatch(/tailscale --socket="\$sock" up --ssh --authkey="\$\{TS_AUTHKEY:\?/);
    expect(text.endsWith('exec "$@"\n')).toBe(true);
  });

  it("flake.nix: packages.x86_64-linux.devcontainer and the podman wiring of nixosModules.default", () => {
    const out = nixEvalJson(`
      let
        pkgs = ${stubPkgs(model)};
        nixpkgs = { legacyPackages.x86_64-linux = pkgs; lib.nixosSystem = args: args; };
        flake = import ${nixStr(join(dir, "flake.nix"))};
        o = flake.outputs { self = o; inherit nixpkgs; };
        lib.removePrefix = prefix: s: let n = builtins.stringLength prefix; in if builtins.substring 0 n s == prefix then builtins.substring n (-1) s else s;
        m = o.nixosModules.default { config = { users.users = { alice.uid = 1001; bob.uid = 1002; }; }; inherit pkgs lib; };
        text = name: if m.environment.etc.\${name} ? text then m.environment.etc.\${name}.text else builtins.readFile m.environment.etc.\${name}.source;
      in {
        inputs = builtins.attrNames flake.inputs;
        package = o.packages.x86_64-linux.devcontainer.args.name;
        podman = m.virtualisation.podman.enable;
        etc = builtins.attrNames m.environment.etc;
        image = text "containers/systemd/users/1001/devcontainer.image";
        container = text "containers/systemd/users/1002/bob-dev.container";
        userUnits = builtins.mapAttrs (n: u: u.wantedBy or [ ]) m.systemd.user.units;
        linger = [ m.users.users.alice.linger m.users.users.bob.linger ];
        assertions = map (a: a.assertion) m.assertions;
        commands = map (p: p.args // { runtimeInputs = map (i: i.outPath) p.args.runtimeInputs; }) m.environment.systemPackages;
        groups = builtins.attrNames m.users.groups;
        extraGroups = [ m.users.users.alice.extraGroups m.users.users.bob.extraGroups ];
        tmpfiles = m.systemd.tmpfiles.rules;
      }`) as any;
    expect(out.inputs).toEqual(["nixpkgs"]);
    expect(out.package).toBe("devcontainer");
    expect(out.podman).toBe(true);
    expect(out.etc).toEqual([
      "containers/systemd/users/1001/alice-dev-home.volume",
      "containers/systemd/users/1001/alice-dev.container",
      "containers/systemd/users/1001/devcontainer.image",
      "containers/systemd/users/1002/bob-dev-home.volume",
      "containers/systemd/users/1002/bob-dev.container",
      "containers/systemd/users/1002/devcontainer.image",
    ]);
    // The placeholder became the image's store path; the committed file keeps the placeholder.
    expect(out.image).toContain(`Image=docker-archive:${storePath("devcontainer.tar.gz")}\n`);
    expect(out.image).not.toContain(archivePlaceholder("devcontainer"));
    expect(out.container).toContain("Image=devcontainer.image");
    expect(out.userUnits).toEqual({
      "devbox-cleanup-alice.service": [],
      "devbox-cleanup-alice.timer": ["timers.target"],
      "devbox-cleanup-bob.service": [],
      "devbox-cleanup-bob.timer": ["timers.target"],
    });
    expect(out.linger).toEqual([true, true]);
    expect(out.assertions).toEqual([true, true]);
    // The template's command: the committed script without its #! line (writeShellApplication adds
    // its own), with the store path of the secret-reading script its units run.
    const script = readFileSync(join(dir, "bin/devbox-ctl"), "utf8").replaceAll("@HOMELAB_GEN_SCRIPT_append-secret@", storePath("append-secret.sh"));
    expect(out.commands).toEqual([{ name: "devbox-ctl", text: script.slice("#!/usr/bin/env bash\n".length), runtimeInputs: ["coreutils", "findutils", "gnused", "util-linux"].map(storePath) }]);
    expect(out.groups).toEqual(["devbox"]);
    expect(out.extraGroups).toEqual([["devbox"], ["devbox"]]);
    expect(out.tmpfiles).toEqual(["d /var/lib/homelab-gen/devbox/devbox-ctl 3770 root devbox -"]);
  });
});

describe("kitchen sink images and multi-host wiring", () => {
  it("an image with every option evaluates to the expected arguments", () => {
    const model = modelOf(kitchenSink("4.4"));
    const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
    const args = (nixEvalJson(`(import ${nixStr(join(dir, "containers/app.nix"))} { pkgs = ${stubPkgs(model)}; }).args`) as any);
    expect(args).toMatchObject({ name: "app", tag: "2.1", maxLayers: 50 });
    expect(args.contents.slice(0, 2)).toEqual([storePath("bashInteractive"), storePath("python3Packages.requests")]);
    expect(args.config).toMatchObject({ Cmd: ["python3", "-m", "http.server"], Env: ["GREETING=hello $USER 100%"], User: "app", WorkingDir: "/srv" });
    const files = nixEvalJson(
      `let img = import ${nixStr(join(dir, "containers/app.nix"))} { pkgs = ${stubPkgs(model)}; }; in map (c: c.args) (builtins.filter (c: c ? args && c.args ? destination) img.args.contents)`,
    );
    expect(files).toEqual([
      { name: "app-motd", destination: "/etc/motd", text: "hi\n", executable: false },
      { name: "app-hello", destination: "/usr/local/bin/hello", text: "#!/bin/sh\necho hello\n", executable: true },
    ]);
  });

  it("a streamed image calls streamLayeredImage with the same arguments", () => {
    const model = modelOf(kitchenSink("4.4").replace(`const data =`, `l.image("tool", { tag: "3", packages: ["jq"], stream: true });\nconst data =`));
    const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
    const out = nixEvalJson(`{ inherit (import ${nixStr(join(dir, "containers/tool.nix"))} { pkgs = ${stubPkgs(model)}; }) builder args; }`) as any;
    expect(out.builder).toBe("streamLayeredImage");
    expect(out.args).toMatchObject({ name: "tool", tag: "3", contents: [storePath("jq")] });
  });

  it("a template's users get its image unit, the group and lingering, also without declared containers", () => {
    const model = modelOf(devboxTopology()("/etc/op.env"));
    const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
    const out = nixEvalJson(`
      let
        pkgs = ${stubPkgs(model)};
        nixpkgs = { legacyPackages.x86_64-linux = pkgs; lib.nixosSystem = args: args; };
        o = (import ${nixStr(join(dir, "flake.nix"))}).outputs { self = o; inherit nixpkgs; };
        lib.removePrefix = prefix: s: builtins.substring (builtins.stringLength prefix) (-1) s;
        m = o.nixosModules.default { config = { users.users = { alice.uid = 2001; bob.uid = 2002; carol.uid = 2003; }; }; inherit pkgs lib; };
      in {
        etc = builtins.attrNames m.environment.etc;
        users = builtins.mapAttrs (u: v: [ v.linger v.extraGroups ]) m.users.users;
        assertions = builtins.length m.assertions;
      }`) as any;
    expect(out.etc).toEqual(["2001", "2002", "2003"].map((uid) => `containers/systemd/users/${uid}/devcontainer.image`));
    expect(out.users).toEqual({ alice: [true, ["devbox"]], bob: [true, ["devbox"]], carol: [true, ["devbox"]] });
    expect(out.assertions).toBe(3);
  });

  it("in a fleet, only the template's host gets its command, group and image unit (and its install script)", () => {
    const model = modelOf(devboxTopology(`l.host("other");`)("/etc/op.env"));
    const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
    const out = nixEvalJson(`
      let
        pkgs = ${stubPkgs(model)};
        nixpkgs = { legacyPackages.x86_64-linux = pkgs; lib.nixosSystem = args: args; };
        o = (import ${nixStr(join(dir, "flake.nix"))}).outputs { self = o; inherit nixpkgs; colmena = { }; deploy-rs = { }; };
        lib.removePrefix = prefix: s: builtins.substring (builtins.stringLength prefix) (-1) s;
        module = host: o.nixosModules.\${host} { config = { users.users = { alice.uid = 2001; bob.uid = 2002; carol.uid = 2003; }; }; inherit pkgs lib; };
        show = m: { commands = map (p: p.args.name) (m.environment.systemPackages or [ ]); groups = builtins.attrNames (m.users.groups or { }); etc = builtins.length (builtins.attrNames (m.environment.etc or { })); };
      in { box = show (module "box"); other = show (module "other"); }`) as any;
    expect(out).toEqual({ box: { commands: ["devbox-ctl"], groups: ["devbox"], etc: 3 }, other: { commands: [], groups: [], etc: 0 } });
    const portable = generateAll(model, { target: "libvirt", outDir: "/tmp/x" });
    expect(portable.get("install-box.sh")).toContain("program bin/devbox-ctl");
    expect(portable.has("install-other.sh")).toBe(false);
  });

  it("a template on podman before 4.8: its command gets the image's store path in place of the placeholder", () => {
    const model = modelOf(devboxTopology()("/etc/op.env").replace(`version: "5.4"`, `version: "4.4"`));
    const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
    expect(readFileSync(join(dir, "bin/devbox-ctl"), "utf8")).toContain(archivePlaceholder("devcontainer"));
    const text = nixEvalJson(`
      let
        pkgs = ${stubPkgs(model)};
        nixpkgs = { legacyPackages.x86_64-linux = pkgs; lib.nixosSystem = args: args; };
        o = (import ${nixStr(join(dir, "flake.nix"))}).outputs { self = o; inherit nixpkgs; };
        lib.removePrefix = prefix: s: builtins.substring (builtins.stringLength prefix) (-1) s;
        m = o.nixosModules.default { config = { }; inherit pkgs lib; };
      in (builtins.head m.environment.systemPackages).args.text`) as string;
    expect(text).not.toContain(archivePlaceholder("devcontainer"));
    expect(text).toContain(`podman load --quiet --input \\"$$1\\"" sh ${storePath("devcontainer.tar.gz")}\n`);
  });

  it("with several hosts each host's configuration has its own module holding only its share", () => {
    const source = kitchenSink("4.8").replace(`const h = l.host("box"`, `l.host("other"); const h = l.host("box"`).replaceAll(`user: "alice"`, `user: "alice", host: h`).replace(`l.job("prune", {`, `l.job("prune", { host: h,`);
    const model = modelOf(source);
    const dir = writeTemp(generateAll(model, { target: "nixos", outDir: "/tmp/x" }));
    const out = nixEvalJson(`
      let
        pkgs = ${stubPkgs(model)};
        nixpkgs = { legacyPackages.x86_64-linux = pkgs; lib.nixosSystem = args: args; };
        o = (import ${nixStr(join(dir, "flake.nix"))}).outputs { self = o; inherit nixpkgs; colmena = { }; deploy-rs = { }; };
        args = { config = { networking.hostName = "box"; users.users.alice.uid = 1001; }; inherit pkgs; lib = { }; };
      in {
        box = builtins.attrNames (o.nixosModules.box args);
        other = builtins.attrNames (o.nixosModules.other args);
        configs = builtins.mapAttrs (_: c: builtins.attrNames (builtins.head c.modules args)) o.nixosConfigurations;
      }`) as any;
    expect(out.box).toEqual(["assertions", "environment", "system", "systemd", "users", "virtualisation"]);
    expect(out.other).toEqual([]);
    expect(out.configs).toEqual({ box: out.box, other: [] });
  });
});
