import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateAll } from "../generators/index.js";
import { assembleScript, mediaScript } from "../generators/unattended/assemble-script.js";
import { secretPlaceholder } from "../model/vm-secret.js";
import { doc, el, printXml } from "../syntax/xml/index.js";
import { doubleQuoted, printYaml } from "../syntax/yaml/index.js";
import { writeTemp } from "./support/generated.js";
import { extractIso, isoFiles, isoLabel } from "./support/iso.js";
import { modelOf } from "./support/libvirt.js";
import { requireTool } from "./support/nix.js";
import { shellcheck } from "./support/virsh-fake.js";
import { SEP, xpathStrings } from "./support/xml.js";

// Known secret values, chosen to break naive quoting in XML, YAML and shell.
const SECRETS = {
  admin: `Adm!n<&>'"é P@ss $HOME`,
  safeMode: "Safe$(touch /tmp/pwned)`id`;|",
  local: "L0cal&amp;x",
  hash: `$6$s4lt$abc/def.GHI"\\x`,
};

function secretFiles(): Record<keyof typeof SECRETS, string> {
  const dir = mkdtempSync(join(tmpdir(), "hlg-secrets-"));
  const files = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, join(dir, k)])) as Record<keyof typeof SECRETS, string>;
  for (const [k, v] of Object.entries(SECRETS)) writeFileSync(files[k as keyof typeof SECRETS], `${v}\n`, { mode: 0o600 });
  return files;
}

const topology = (f: Record<keyof typeof SECRETS, string>) => `
import { lab, gib, secretFromCommand, secretFromFile } from "homelab-gen";
const l = lab("seedlab");
const net = l.network("net", { subnet: "10.5.0.0/24", dhcp: { start: "10.5.0.100", end: "10.5.0.200" } });
const inner = l.network("inner", { mode: "isolated", subnet: "10.6.0.0/24" });
const pool = l.pool("p", { path: "/srv/p" });
const base = pool.volume("debian-13", { capacity: gib(3) });
const d = l.activeDirectory("corp.example", {
  adminPassword: secretFromFile(${JSON.stringify(f.admin)}),
  safeModePassword: secretFromCommand(["cat", ${JSON.stringify(f.safeMode)}]),
});
l.windowsVm("DC", {
  memory: gib(4), os: "windows-server-2025", edition: "datacenter-core",
  disk: pool.volume("dc", { capacity: gib(60) }), nics: [{ network: net, ip: "10.5.0.10" }],
  unattended: { domainController: d, firstLogon: "Write-Host 'hello from the topology'" },
});
l.windowsVm("WS", {
  memory: gib(4), os: "windows-11", virtio: true,
  disk: pool.volume("ws", { capacity: gib(64) }), nics: [{ network: net }],
  unattended: { joinDomain: d, adminPassword: secretFromFile(${JSON.stringify(f.local)}) },
});
l.linuxVm("web", {
  memory: gib(1), disk: pool.volume("web", { capacity: gib(10), backing: base }),
  nics: [{ network: net, ip: "10.5.0.20" }, { network: inner, ip: "10.6.0.20" }, { network: net }],
  cloudInit: {
    users: [{ name: "ops", sudo: true, groups: ["adm"], shell: "/bin/bash", sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx ops@laptop"], passwordHash: secretFromFile(${JSON.stringify(f.hash)}) }],
    packages: ["nginx"],
    runcmd: ["echo hi > /tmp/hi", ["systemctl", "enable", "--now", "nginx"]],
    writeFiles: [{ path: "/etc/motd", content: "a lab\\n", permissions: "0644" }],
  },
});
export default l;
`;

function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync("bash", [script, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return r;
}

/** Every generated file of the test lab (both targets) in a temp folder, the secrets' files and the ISO folder. */
function setUp() {
  const f = secretFiles();
  const model = modelOf(topology(f));
  const files = generateAll(model, { target: "nixos", outDir: "/tmp/unused" });
  const portable = generateAll(model, { target: "libvirt", outDir: "/tmp/unused" });
  const dir = writeTemp(files);
  const out = join(mkdtempSync(join(tmpdir(), "hlg-seeds-")), "seeds");
  return { f, files, portable, dir, out, script: join(dir, "seeds/assemble.sh"), media: join(dir, "seeds") };
}

describe("seeds/assemble.sh builds the install media with the real xorriso", () => {
  const s = setUp();

  it("no secret value is in any generated file (templates, scripts, Nix, libvirt XML)", () => {
    for (const files of [s.files, s.portable]) {
      for (const [path, text] of files) {
        for (const value of Object.values(SECRETS)) expect(text.includes(value), `${path} holds a secret`).toBe(false);
      }
    }
    expect(s.files.get("seeds/DC/autounattend.xml")).toContain(secretPlaceholder("corp.example/admin-password"));
  });

  it("is shellcheck-clean", () => {
    const r = shellcheck([s.script, join(s.media, "media.sh")]);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });

  it("builds one ISO per VM: label, names (Rock Ridge and Joliet), secrets filled in, mode 0640", () => {
    requireTool("xorriso");
    const r = run(s.script, [s.media, s.out, "root"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`DC: built ${s.out}/DC.iso\nWS: built ${s.out}/WS.iso\nweb: built ${s.out}/web.iso\nassemble.sh: done\n`);
    expect(statSync(s.out).mode & 0o777).toBe(0o750);
    expect(readdirSync(s.out).sort()).toEqual(["DC.iso", "DC.iso.sha256", "WS.iso", "WS.iso.sha256", "web.iso", "web.iso.sha256"]);
    for (const vm of ["DC", "WS", "web"]) {
      const st = statSync(join(s.out, `${vm}.iso`));
      expect(st.mode & 0o777, vm).toBe(0o640);
      expect(st.gid, vm).toBe(0);
      expect(statSync(join(s.out, `${vm}.iso.sha256`)).mode & 0o777, vm).toBe(0o600);
    }

    const dc = join(s.out, "DC.iso");
    expect(isoLabel(dc)).toBe("UNATTEND");
    const dcFiles = ["autounattend.xml", "homelab-gen/first-logon.ps1", "homelab-gen/secrets.xml", "homelab-gen/user-first-logon.ps1"];
    expect(isoFiles(dc, "rr")).toEqual(dcFiles);
    expect(isoFiles(dc, "joliet")).toEqual(dcFiles); // what Windows reads
    const dcRoot = extractIso(dc);
    const value = (file: string, expr: string) => xpathStrings(join(dcRoot, file), [expr])[0];
    const adminValue = "//*[local-name()='AdministratorPassword']/*[local-name()='Value']";
    expect(value("autounattend.xml", adminValue)).toBe(SECRETS.admin);
    expect(value("autounattend.xml", "//*[local-name()='AutoLogon']/*[local-name()='Password']/*[local-name()='Value']")).toBe(SECRETS.admin);
    expect(value("homelab-gen/secrets.xml", "/secrets/secret[@name='safe-mode-password']")).toBe(SECRETS.safeMode);
    // Only placeholders were replaced: the rest is the template byte for byte.
    const template = s.files.get("seeds/DC/homelab-gen/first-logon.ps1")!;
    expect(readFileSync(join(dcRoot, "homelab-gen/first-logon.ps1"), "utf8")).toBe(template);
    expect(readFileSync(join(dcRoot, "homelab-gen/user-first-logon.ps1"), "utf8")).toContain("Write-Host 'hello from the topology'");

    const ws = extractIso(join(s.out, "WS.iso"));
    expect(xpathStrings(join(ws, "autounattend.xml"), ["//*[local-name()='LocalAccount']/*[local-name()='Password']/*[local-name()='Value']"])).toEqual([SECRETS.local]);
    expect(xpathStrings(join(ws, "homelab-gen/secrets.xml"), ["/secrets/secret[@name='domain-admin-password']"])).toEqual([SECRETS.admin]);

    const web = join(s.out, "web.iso");
    expect(isoLabel(web)).toBe("CIDATA");
    expect(isoFiles(web, "rr")).toEqual(["meta-data", "network-config", "user-data"]);
    const webRoot = extractIso(web);
    const py = spawnSync("/usr/bin/python3", ["-c", "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", join(webRoot, "user-data")], { encoding: "utf8" });
    expect(py.stderr).toBe("");
    expect(JSON.parse(py.stdout).users[0].hashed_passwd).toBe(SECRETS.hash);
    const schema = spawnSync("cloud-init", ["schema", "-c", join(webRoot, "user-data")], { encoding: "utf8" });
    expect(`${schema.stdout}${schema.stderr}`).toContain("Valid cloud-config");
    expect(schema.status).toBe(0);
    expect(readdirSync(s.out).filter((n) => n.startsWith("."))).toEqual([]); // staging removed
  });

  it("a second run leaves the ISOs alone; a changed secret rebuilds only the media that use it", () => {
    const before = Object.fromEntries(["DC", "WS", "web"].map((vm) => [vm, statSync(join(s.out, `${vm}.iso`)).mtimeMs]));
    const again = run(s.script, [s.media, s.out, "root"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe("DC: unchanged\nWS: unchanged\nweb: unchanged\nassemble.sh: done\n");
    for (const vm of ["DC", "WS", "web"]) expect(statSync(join(s.out, `${vm}.iso`)).mtimeMs, vm).toBe(before[vm]);
    writeFileSync(s.f.local, "An0ther-L0cal\n");
    const changed = run(s.script, [s.media, s.out, "root"]);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toBe(`DC: unchanged\nWS: built ${s.out}/WS.iso\nweb: unchanged\nassemble.sh: done\n`);
  });

  it("is reproducible: the same inputs give the same ISO bytes", () => {
    const other = join(mkdtempSync(join(tmpdir(), "hlg-seeds-")), "seeds");
    expect(run(s.script, [s.media, other, "root"]).status).toBe(0);
    for (const vm of ["DC", "WS", "web"]) expect(readFileSync(join(other, `${vm}.iso`)).equals(readFileSync(join(s.out, `${vm}.iso`))), vm).toBe(true);
  });

  it("refuses unreadable, empty and unwritable secrets, naming them, and builds nothing", () => {
    const cases: [keyof typeof SECRETS, string | undefined, RegExp][] = [
      ["admin", undefined, /secret corp\.example\/admin-password: cannot read/],
      ["admin", "\n", /secret corp\.example\/admin-password is empty/],
      ["local", "two\nlines\n", /secret WS\/admin-password contains a control character/],
      ["hash", "$6$sälz$x\n", /secret web\/ops\/password-hash: a value in user-data must be printable ASCII/],
      ["local", "@HOMELAB_GEN_SECRET:corp.example/admin-password@", /contains a placeholder/],
    ];
    for (const [which, content, message] of cases) {
      const t = setUp();
      if (content !== undefined) writeFileSync(t.f[which], content);
      else spawnSync("rm", ["-f", t.f[which]]);
      const r = run(t.script, [t.media, t.out, "root"]);
      expect(r.status, String(message)).toBe(1);
      expect(r.stderr, String(message)).toMatch(message);
      expect(readdirSync(t.out).filter((n) => n.endsWith(".iso")), String(message)).toEqual([]);
    }
  });

  it("runs the secret command with the token file's variables exported to it only", () => {
    const dir = mkdtempSync(join(tmpdir(), "hlg-cmd-"));
    const token = join(dir, "op.env");
    writeFileSync(token, "OP_SERVICE_ACCOUNT_TOKEN=ops_x\n");
    const template = join(dir, "seeds/v/autounattend.xml");
    mkdirSync(dirname(template), { recursive: true });
    writeFileSync(template, printXml(doc(["t"], el("v", {}, [secretPlaceholder("k")]))));
    const script = join(dir, "seeds/assemble.sh");
    const argv = ["sh", "-c", 'printf "%s" "$OP_SERVICE_ACCOUNT_TOKEN"'];
    writeFileSync(script, assembleScript(["t"]));
    writeFileSync(join(dir, "seeds/media.sh"), mediaScript(["t"], [{ key: "k", source: { kind: "command", argv, environmentFile: token } }], [{ vm: "v", label: "X" }]));
    const out = join(dir, "out");
    const r = run(script, [join(dir, "seeds"), out, "root"], { OP_SERVICE_ACCOUNT_TOKEN: "" });
    expect(r.stderr).toBe("");
    expect(xpathStrings(join(extractIso(join(out, "v.iso")), "autounattend.xml"), ["/v"])).toEqual(["ops_x"]);
  });

  it("usage errors: wrong arguments exit 2; a folder without media.sh is named", () => {
    expect(run(s.script, []).status).toBe(2);
    expect(run(s.script, [s.out, s.out, "root"])).toMatchObject({ status: 1, stderr: `assemble.sh: ${s.out}/media.sh not found: MEDIA_DIR is a folder of install-media templates\n` });
  });
});

// Property: whatever the secret, the filled file parses back to exactly that value, through the
// script's own escapes and the real parsers (xmllint; PyYAML, cloud-init's). One script run per batch.
const noControls = (v: string) => !/[\u0000-\u001f\u007f]/.test(v) && v.length > 0 && !v.includes("@HOMELAB_GEN_SECRET:") && !v.includes(SEP);
const xmlValue = fc
  .array(fc.oneof(fc.constantFrom("&", "<", ">", "'", '"', "&amp;", "]]>", "$", "`", "\\", "${x}", "é", "\u{1F600}", "\uFFFD", " "), fc.string({ unit: "grapheme", maxLength: 6 })), { minLength: 1, maxLength: 6 })
  .map((p) => p.join(""))
  // Secrets are text: XML 1.0 characters only (assemble.sh does not check for U+FFFE/U+FFFF).
  .filter((v) => noControls(v) && !/[\uFFFE\uFFFF]/.test(v));
const yamlValue = fc
  .array(fc.oneof(fc.constantFrom('"', "\\", "\\n", "$6$", "'", "#", ": ", "- ", "&", "*", "!", "%", "@", "`", "{", "}"), fc.string({ unit: "grapheme-ascii", maxLength: 6 })), { minLength: 1, maxLength: 6 })
  .map((p) => p.join(""))
  .filter((v) => noControls(v));

describe("assemble.sh escapes (property, real script and parsers)", () => {
  it("XML and YAML values read back unchanged", () => {
    requireTool("xorriso");
    fc.assert(
      fc.property(fc.array(xmlValue, { minLength: 60, maxLength: 60 }), fc.array(yamlValue, { minLength: 60, maxLength: 60 }), (xmlValues, yamlValues) => {
        const dir = mkdtempSync(join(tmpdir(), "hlg-esc-"));
        const secretsDir = join(dir, "secrets");
        mkdirSync(secretsDir);
        const secrets = [...xmlValues.map((v, i) => [`x${i}`, v] as const), ...yamlValues.map((v, i) => [`y${i}`, v] as const)].map(([key, v]) => {
          writeFileSync(join(secretsDir, key), v);
          return { key, source: { kind: "file" as const, path: join(secretsDir, key) } };
        });
        const files = new Map([
          ["seeds/probe/probe.xml", printXml(doc(["probe"], el("r", {}, xmlValues.map((_, i) => el("v", { a: secretPlaceholder(`x${i}`) }, [secretPlaceholder(`x${i}`)])))))],
          ["seeds/probe/user-data", printYaml(["probe"], Object.fromEntries(yamlValues.map((_, i) => [`k${i}`, doubleQuoted(secretPlaceholder(`y${i}`))])), { firstLine: "#cloud-config" })],
          ["seeds/assemble.sh", assembleScript(["probe"])],
          ["seeds/media.sh", mediaScript(["probe"], secrets, [{ vm: "probe", label: "P" }])],
        ]);
        const out = writeTemp(files);
        const r = run(join(out, "seeds/assemble.sh"), [join(out, "seeds"), join(dir, "iso"), "root"]);
        expect(r.stderr).toBe("");
        const root = extractIso(join(dir, "iso/probe.iso"));
        const read = xpathStrings(join(root, "probe.xml"), xmlValues.flatMap((_, i) => [`/r/v[${i + 1}]`, `/r/v[${i + 1}]/@a`]));
        xmlValues.forEach((v, i) => {
          expect(read[2 * i], `text ${JSON.stringify(v)}`).toBe(v);
          expect(read[2 * i + 1], `attribute ${JSON.stringify(v)}`).toBe(v);
        });
        const py = spawnSync("/usr/bin/python3", ["-c", "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))", join(root, "user-data")], { encoding: "utf8" });
        expect(py.stderr).toBe("");
        const parsed = JSON.parse(py.stdout) as Record<string, string>;
        yamlValues.forEach((v, i) => expect(parsed[`k${i}`], JSON.stringify(v)).toBe(v));
        expect(existsSync(join(dir, "iso/probe.iso"))).toBe(true);
      }),
      { numRuns: 4, endOnFailure: true },
    );
  });
});
