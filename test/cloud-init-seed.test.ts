import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { printYaml, type YamlValue } from "../syntax/yaml/index.js";
import { writeTemp } from "./support/generated.js";
import { modelOf } from "./support/libvirt.js";
import { runCli } from "./support/cli.js";
import { requireTool } from "./support/nix.js";
import { topologyFile } from "./support/topology.js";

const LAB = `
import { lab, gib, secretFromFile } from "homelab-gen";
const l = lab("ci");
const net = l.network("net", { subnet: "10.5.0.0/24", dhcp: { start: "10.5.0.100", end: "10.5.0.200" } });
const inner = l.network("inner", { mode: "isolated", subnet: "10.6.0.0/24" });
const pool = l.pool("p", { path: "/srv/p" });
const image = pool.volume("debian-13-genericcloud", { capacity: gib(3) });
l.linuxVm("web", {
  memory: gib(1), disk: pool.volume("web", { capacity: gib(10), backing: image }),
  nics: [{ network: net, ip: "10.5.0.20" }, { network: inner, ip: "10.6.0.20" }, { network: net }],
  cloudInit: {
    users: [
      { name: "ops", sudo: true, groups: ["adm", "sudo"], shell: "/bin/bash", sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx ops@laptop"], passwordHash: secretFromFile("/etc/lab/ops.hash") },
      { name: "deploy", sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGy ci"] },
    ],
    packages: ["nginx", "yes"], packageUpgrade: true,
    runcmd: ["echo 'on: yes' > /tmp/x", ["systemctl", "enable", "--now", "nginx"]],
    writeFiles: [{ path: "/etc/motd", content: "a lab\\nno: 0777\\n", permissions: "0644", owner: "root:root" }],
  },
});
l.linuxVm("db", { memory: gib(1), disk: pool.volume("db", { capacity: gib(10), backing: image }), nics: [{ network: net }], cloudInit: { hostname: "db-1", nameservers: ["10.5.0.10"] } });
export default l;
`;

function cloudInit(args: readonly string[]) {
  requireTool("cloud-init");
  const r = spawnSync("cloud-init", args, { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const pyYaml = (file: string): any => {
  const r = spawnSync("/usr/bin/python3", ["-c", "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

describe("cloud-init NoCloud seeds, checked by cloud-init 22.4 itself", () => {
  const model = modelOf(LAB);
  const files = generateAll(model, { target: "nixos", outDir: "/tmp/unused" });
  const dir = writeTemp(files);
  const web = model.vms.find((v) => v.name === "web")!;

  it("user-data passes `cloud-init schema` and says what the topology says", () => {
    for (const vm of ["web", "db"]) {
      const text = files.get(`seeds/${vm}/user-data`)!;
      expect(text.split("\n")[0], vm).toBe("#cloud-config");
      const r = cloudInit(["schema", "-c", join(dir, `seeds/${vm}/user-data`)]);
      expect(r.output, vm).toContain("Valid cloud-config");
      expect(r.status, vm).toBe(0);
    }
    const data = pyYaml(join(dir, "seeds/web/user-data"));
    expect(data).toEqual({
      hostname: "web",
      users: [
        {
          name: "ops", groups: ["adm", "sudo"], sudo: "ALL=(ALL) NOPASSWD:ALL", shell: "/bin/bash",
          ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx ops@laptop"], lock_passwd: false,
          hashed_passwd: "@HOMELAB_GEN_SECRET:web/ops/password-hash@",
        },
        { name: "deploy", ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGy ci"], lock_passwd: true },
      ],
      packages: ["nginx", "yes"],
      package_upgrade: true,
      runcmd: ["echo 'on: yes' > /tmp/x", ["systemctl", "enable", "--now", "nginx"]],
      write_files: [{ path: "/etc/motd", content: "a lab\nno: 0777\n", permissions: "0644", owner: "root:root" }],
    });
  });

  it("the schema check can fail: a wrong type is reported", () => {
    const bad = join(mkdtempSync(join(tmpdir(), "hlg-ci-")), "user-data");
    writeFileSync(bad, "#cloud-config\nusers: 5\npackages: nginx\n");
    expect(cloudInit(["schema", "-c", bad]).status).toBe(1);
  });

  it("meta-data: instance ID from the VM's UUID and the host name", () => {
    expect(pyYaml(join(dir, "seeds/web/meta-data"))).toEqual({ "instance-id": `iid-${web.uuid}`, "local-hostname": "web" });
    expect(pyYaml(join(dir, "seeds/db/meta-data"))["local-hostname"]).toBe("db-1");
  });

  it("network-config renders with `cloud-init devel net-convert` to networkd and ENI: MACs, static addresses, routes, DHCP", () => {
    for (const renderer of ["networkd", "eni"]) {
      const out = mkdtempSync(join(tmpdir(), "hlg-netconv-"));
      const r = cloudInit(["devel", "net-convert", "-p", join(dir, "seeds/web/network-config"), "-k", "yaml", "-d", out, "-D", "debian", "-O", renderer]);
      expect(r.output, renderer).toContain(`Wrote output format '${renderer}'`);
      expect(r.status, renderer).toBe(0);
      const rendered = readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
        .join("\n");
      expect(rendered, renderer).toMatch(/10\.5\.0\.20/);
      expect(rendered, renderer).toMatch(/10\.6\.0\.20/);
      if (renderer === "networkd") {
        for (const nic of web.nics) expect(rendered).toContain(`MACAddress=${nic.mac}`);
        expect(rendered).toContain("Gateway=10.5.0.1");
        expect(rendered).not.toContain("Gateway=10.6.0.1"); // isolated network: no route
        expect(rendered).toMatch(/Name=eth2[^]*DHCP=ipv4/);
      }
    }
    const net = pyYaml(join(dir, "seeds/web/network-config"));
    expect(net.version).toBe(2);
    expect(net.ethernets.eth0).toEqual({
      match: { macaddress: web.nics[0]!.mac }, "set-name": "eth0", addresses: ["10.5.0.20/24"],
      routes: [{ to: "0.0.0.0/0", via: "10.5.0.1", metric: 100 }], nameservers: { addresses: ["10.5.0.1"] },
    });
    expect(net.ethernets.eth1).toEqual({ match: { macaddress: web.nics[1]!.mac }, "set-name": "eth1", addresses: ["10.6.0.20/24"] });
    expect(net.ethernets.eth2).toEqual({ match: { macaddress: web.nics[2]!.mac }, "set-name": "eth2", dhcp4: true });
  });

  it("the built CLI writes the seed (the yaml package loads on first use, outside the bundle)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "hlg-ci-cli-")), "out");
    const r = runCli([topologyFile(LAB), "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // Same YAML as generated in-process (the header names another topology path).
    const body = (text: string) => text.split("\n").slice(4).join("\n");
    expect(body(readFileSync(join(out, "seeds/web/user-data"), "utf8"))).toBe(body(files.get("seeds/web/user-data")!));
  });

  it("the VM boots with the seed as a CD: NixVirt and libvirt both attach it on SATA sde", () => {
    expect(files.get("nixvirt/domains.nix")).toContain(`file = "/var/lib/homelab-gen/ci/seeds/web.iso";`);
    const portable = generateAll(model, { target: "libvirt", outDir: "/tmp/unused" });
    expect(portable.get("libvirt/domains/web.xml")).toMatch(/<source file='\/var\/lib\/homelab-gen\/ci\/seeds\/web.iso'\/>\s*<target dev='sde' bus='sata'\/>/);
    expect(portable.get("libvirt/apply.sh")).toContain('bash "$here"/../seeds/assemble.sh "$here"/../seeds "$seeds_dir" "$qemu_group"');
  });
});

// The YAML printer against PyYAML (cloud-init's parser): any JSON-like value reads back equal.
const scalar = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("yes", "no", "on", "off", "y", "n", "~", "null", "true", "0777", "0x1f", "1e3", "1_000", ".inf", "-", "- a", "a: b", "#c", "@x", "`x", "!x", "&a", "*a", "'", '"', "\\", "", " lead", "trail ", "2001-01-01", "12:30:00", "=", "<<"),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<YamlValue> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("v"), { maxLength: 4 }), fc.dictionary(fc.string({ unit: "grapheme-ascii", maxLength: 8 }), tie("v"), { maxKeys: 4 })),
})).v as fc.Arbitrary<YamlValue>;
// PyYAML reads plain text; controls and the non-characters YAML forbids are not cloud-init data.
const printable = (v: unknown): boolean =>
  typeof v === "string" ? !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffe\uffff]|[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "")) && !/[\u2028\u2029]/.test(v)
  : Array.isArray(v) ? v.every(printable)
  : v !== null && typeof v === "object" ? Object.entries(v).every(([k, x]) => printable(k) && printable(x))
  : true;

// Reads 0.yaml ... N-1.yaml with cloud-init's PyYAML; each as {"ok": value} or {"error": message}.
const PY_READ = `
import sys, yaml, json, os
out = []
for i in range(int(sys.argv[2])):
    try:
        out.append({"ok": yaml.safe_load(open(os.path.join(sys.argv[1], f"{i}.yaml"), encoding="utf-8"))["v"]})
    except Exception as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;

describe("YAML printer (property, PyYAML reads it back)", () => {
  it("values read back equal, in one PyYAML run per batch", () => {
    fc.assert(
      fc.property(fc.array(value.filter(printable), { minLength: 150, maxLength: 150 }), (values) => {
        const dir = mkdtempSync(join(tmpdir(), "hlg-yaml-"));
        values.forEach((v, i) => writeFileSync(join(dir, `${i}.yaml`), printYaml(["header"], { v })));
        const r = spawnSync("/usr/bin/python3", ["-c", PY_READ, dir, String(values.length)], { encoding: "utf8" });
        expect(r.stderr).toBe("");
        const read = JSON.parse(r.stdout) as { ok?: unknown; error?: string }[];
        values.forEach((v, i) => expect(read[i], `${JSON.stringify(v)}\n${readFileSync(join(dir, `${i}.yaml`), "utf8")}`).toEqual({ ok: v }));
      }),
      { numRuns: 3, endOnFailure: true },
    );
  });
});
