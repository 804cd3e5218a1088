/**
 * The examples' flakes evaluated with the real module system: nixpkgs' lib, NixVirt 0.6.0's real
 * lib and NixOS module (vendored under test/fixtures), and declarations of every other option the
 * output sets, with their nixpkgs types (test/fixtures/nixos/options.nix). Beside the stub tests
 * (nixvirt.test.ts, images-nix.test.ts) this catches options NixOS does not have, values of the
 * wrong type and template arguments NixVirt would drop without a word.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, writeTemp } from "./support/generated.js";
import { copyGenerated, evalNixos } from "./support/nixos-eval.js";
import { virtXmlValidate, xpathStrings } from "./support/xml.js";

const examples = [
  { example: "sccm", host: "hypervisor" },
  { example: "devbox", host: "orchestrator" },
  { example: "fleet", host: "hv1" },
  { example: "fleet", host: "hv2" },
  { example: "fleet", host: "box" },
];
const flakeOf = (example: string) => join(ROOT, "generated", example, "flake.nix");
const SYSTEM = `config.virtualisation.libvirt.connections."qemu:///system"`;

describe.each(examples)("generated/$example evaluates as the NixOS configuration of $host", ({ example, host }) => {
  it("every option it sets is declared, every value has its option's type, every assertion holds", () => {
    expect(evalNixos(flakeOf(example), host, "{ config, lib }: config.networking.hostName")).toBe(host);
  });
});

describe("the SCCM lab through NixVirt's real lib and module", () => {
  const texts = (kind: string): string[] =>
    evalNixos(flakeOf("sccm"), "hypervisor", `{ config, lib }: map (o: o.definition.text) ${SYSTEM}.${kind}`) as string[];

  it("NixVirt's XML of every domain, network and pool passes libvirt's schemas", () => {
    const files = new Map<string, string>();
    texts("domains").forEach((t, i) => files.set(`domain-${i}.xml`, t));
    texts("networks").forEach((t, i) => files.set(`network-${i}.xml`, t));
    texts("pools").forEach((t, i) => files.set(`pool-${i}.xml`, t));
    const dir = writeTemp(files);
    expect(files.size).toBe(4 + 2 + 1);
    for (const name of files.keys()) {
      const schema = name.startsWith("domain") ? "domain" : name.startsWith("network") ? "network" : "storagepool";
      expect(virtXmlValidate(join(dir, name), schema)).toMatchObject({ ok: true });
    }
  });

  it("domains need no GPU: SPICE on 127.0.0.1, no OpenGL, a virtio GPU without 3D", () => {
    const dir = writeTemp(new Map(texts("domains").map((t, i) => [`d${i}.xml`, t])));
    for (let i = 0; i < 4; i++) {
      const file = join(dir, `d${i}.xml`);
      expect(xpathStrings(file, [
        "/domain/devices/graphics/@type", "/domain/devices/graphics/listen/@type", "/domain/devices/graphics/listen/@address",
        "count(/domain/devices/graphics/gl)", "/domain/devices/video/model/@type", "count(/domain/devices/video/model/acceleration)",
      ])).toEqual(["spice", "address", "127.0.0.1", "0", "virtio", "0"]);
    }
  });

  it("the pool's directory and the ISO folder are created before NixVirt starts the pool", () => {
    const out = evalNixos(
      flakeOf("sccm"),
      "hypervisor",
      `{ config, lib }: { tmpfiles = config.systemd.tmpfiles.settings; nixvirt = { inherit (config.systemd.services.nixvirt) after requires wantedBy; }; }`,
    ) as Record<string, any>;
    const dir = { type: "d", user: "root", group: "root", age: "-", argument: "" };
    expect(out.tmpfiles).toEqual({
      "homelab-gen-sccm": {
        "/var/lib/libvirt/images/homelab": { d: { ...dir, mode: "0711" } },
        "/var/lib/libvirt/iso": { d: { ...dir, mode: "0755" } },
      },
    });
    // NixVirt's own unit: after libvirtd, in multi-user.target, so after sysinit.target's tmpfiles.
    expect(out.nixvirt).toEqual({ after: ["libvirtd.service"], requires: ["libvirtd.service"], wantedBy: ["multi-user.target"] });
  });
});

describe("the devbox host through the real module system", () => {
  it("units run their scripts and load their image from the store: no placeholder is left", () => {
    const out = evalNixos(
      flakeOf("devbox"),
      "orchestrator",
      `{ config, lib }: {
        container = config.environment.etc."containers/systemd/users/1001/alice-dev.container".text;
        image = config.environment.etc."containers/systemd/users/1002/devcontainer.image".text;
        cleanup = config.systemd.user.units."devbox-cleanup-bob.service".text;
        command = (builtins.head (builtins.filter (p: (p.args.name or "") == "devbox-ctl") config.environment.systemPackages)).args.text;
      }`,
    ) as Record<string, string>;
    const store = "/nix/store/00000000000000000000000000000000-";
    expect(out.container).toContain(`\nExecStartPre=/bin/sh ${store}append-secret.sh TS_AUTHKEY op read op://DevBox/alice-tailscale-authkey/password\n`);
    expect(out.image).toContain(`\nImage=docker-archive:${store}devcontainer.tar.gz\n`);
    expect(out.cleanup).toContain(`\nExecStart=/bin/sh ${store}devbox-cleanup-bob.sh\n`);
    // The units devbox-ctl writes run the same store script.
    expect(out.command).toContain(`ExecStartPre=/bin/sh ${store}append-secret.sh TS_AUTHKEY op read`);
    for (const text of Object.values(out)) expect(text).not.toContain("@HOMELAB_GEN_");
  });
});

/** Change one generated file of a copy of an example, then evaluate the copy. */
function evalEdited(example: string, host: string, file: string, edit: (text: string) => string): () => unknown {
  const flake = copyGenerated(example);
  const path = join(dirname(flake), file);
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return () => evalNixos(flake, host);
}

describe("the evaluation fails on what a real switch would reject or silently lose", () => {
  it("an option NixOS does not have", () => {
    const run = evalEdited("sccm", "hypervisor", "flake.nix", (t) => t.replace("swtpm.enable = true;", "swtpm.enable = true;\n            swtpm.enabled = true;"));
    expect(run).toThrow(/The option `virtualisation\.libvirt\.swtpm\.enabled' does not exist/);
  });

  it("a misspelled option inside a submodule", () => {
    const run = evalEdited("devbox", "orchestrator", "flake.nix", (t) => t.replace("users.users.alice.linger = true;", "users.users.alice.lingers = true;"));
    expect(run).toThrow(/users\.users\.alice\.lingers' does not exist/);
  });

  it("a value of the wrong type", () => {
    const run = evalEdited("sccm", "hypervisor", "flake.nix", (t) => t.replace("swtpm.enable = true;", `swtpm.enable = "yes";`));
    expect(run).toThrow(/is not of type `boolean'/);
  });

  it("a template argument NixVirt would drop", () => {
    const run = evalEdited("sccm", "hypervisor", "nixvirt/domains.nix", (t) => t.replace("virtio_video = null;", "virtio_video = null;\n          virtio_videos = null;"));
    expect(run).toThrow(/NixVirt's windows template silently drops: virtio_videos/);
  });

  it("a value NixVirt's XML generator refuses", () => {
    const run = evalEdited("sccm", "hypervisor", "nixvirt/domains.nix", (t) => t.replace(`vcpu = { count = 2; };`, `vcpu = { count = "2"; };`));
    expect(run).toThrow(/NixVirt: expected int, found string/);
  });
});
