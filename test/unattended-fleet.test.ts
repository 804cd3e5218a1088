import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { writeTemp } from "./support/generated.js";
import { modelOf } from "./support/libvirt.js";
import { fakeVirsh, runBash } from "./support/virsh-fake.js";

// Secrets in files, so the hosts' scripts can read them here.
const dir = mkdtempSync(join(tmpdir(), "hlg-fleet-secrets-"));
const secret = (name: string, value: string) => {
  writeFileSync(join(dir, name), value, { mode: 0o600 });
  return JSON.stringify(join(dir, name));
};

const FLEET = `
import { lab, gib, secretFromFile } from "homelab-gen";
const l = lab("fl");
const hv1 = l.host("hv1");
const hv2 = l.host("hv2");
const net = l.network("lab-net", { mode: "bridge", bridge: "br-lab", uplink: { hv1: "enp1s0", hv2: "eno1" }, subnet: "10.56.0.0/24", gateway: "10.56.0.1" });
const p1 = l.pool("p1", { host: hv1, path: "/srv/p" });
const p2 = l.pool("p2", { host: hv2, path: "/srv/p" });
const d = l.activeDirectory("corp.example", { adminPassword: secretFromFile(${secret("domain", "D0main!pw")}) });
l.windowsVm("DC", { host: hv1, memory: gib(4), os: "windows-server-2022", disk: p1.volume("dc", { capacity: gib(60) }), nics: [{ network: net, ip: "10.56.0.10" }], unattended: { domainController: d } });
l.windowsVm("WS", { host: hv2, memory: gib(4), os: "windows-server-2022", disk: p2.volume("ws", { capacity: gib(60) }), nics: [{ network: net, ip: "10.56.0.11" }], unattended: { joinDomain: d, adminPassword: secretFromFile(${secret("ws", "L0cal!pw")}) } });
l.linuxVm("web", { host: hv2, memory: gib(1), disk: p2.volume("web", { capacity: gib(10) }), nics: [{ network: net, ip: "10.56.0.20" }], cloudInit: { users: [{ name: "ops", passwordHash: secretFromFile(${secret("hash", "$6$x$y")}) }] } });
export default l;
`;

describe("install media in a fleet: each host builds its own VMs' media", () => {
  const model = modelOf(FLEET);

  it("NixOS: seeds/<host>/ per host, each module's unit assembles its own folder with the one seeds/assemble.sh", () => {
    const files = generateAll(model, { target: "nixos", outDir: "/tmp/unused" });
    const seeds = [...files.keys()].filter((p) => p.startsWith("seeds/"));
    expect(seeds).toEqual([
      "seeds/assemble.sh",
      "seeds/hv1/DC/autounattend.xml",
      "seeds/hv1/DC/homelab-gen/first-logon.ps1",
      "seeds/hv1/DC/homelab-gen/secrets.xml",
      "seeds/hv1/media.sh",
      "seeds/hv2/WS/autounattend.xml",
      "seeds/hv2/WS/homelab-gen/first-logon.ps1",
      "seeds/hv2/WS/homelab-gen/secrets.xml",
      "seeds/hv2/media.sh",
      "seeds/hv2/web/meta-data",
      "seeds/hv2/web/network-config",
      "seeds/hv2/web/user-data",
    ]);
    // hv1 reads the domain's password only; the local and cloud-init secrets stay with hv2.
    expect(files.get("seeds/hv1/media.sh")).toContain("secret_from_file corp.example/admin-password");
    expect(files.get("seeds/hv1/media.sh")).not.toContain("WS/admin-password");
    expect(files.get("seeds/hv1/media.sh")).not.toContain("web/ops/password-hash");
    // The member on hv2 still points its DNS at the controller on hv1.
    expect(files.get("seeds/hv2/WS/autounattend.xml")).toContain("<IpAddress wcm:action='add' wcm:keyValue='1'>10.56.0.10</IpAddress>");
    const flake = files.get("flake.nix")!;
    expect(flake).toMatch(/"exec bash "\s*\+ \.\/seeds\/assemble\.sh\s*\+ " "\s*\+ builtins\.path \{\s*path = \.\/seeds\/hv1;/);
    expect(flake).toMatch(/"exec bash "\s*\+ \.\/seeds\/assemble\.sh\s*\+ " "\s*\+ builtins\.path \{\s*path = \.\/seeds\/hv2;/);
  });

  it("hosts without Nix: each host's apply.sh runs assemble.sh on its own folder, which builds its own ISOs", () => {
    const files = generateAll(model, { target: "libvirt", outDir: "/tmp/unused" });
    expect(files.get("libvirt/hv2/apply.sh")).toContain('bash "$here"/../../seeds/assemble.sh "$here"/../../seeds/hv2 "$seeds_dir" "$qemu_group"');
    const out = writeTemp(files);
    const virsh = fakeVirsh("model");
    const r = runBash(join(out, "libvirt/hv2/apply.sh"), virsh.env(), "/");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(virsh.env().HOMELAB_GEN_SEEDS_DIR!).filter((n) => n.endsWith(".iso")).sort()).toEqual(["WS.iso", "web.iso"]);
  });
});
