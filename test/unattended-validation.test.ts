import { describe, expect, it } from "vitest";
import { build, problems as unsorted } from "./support/topology.js";

/** Problems in the order of their lines, as the CLI prints them. */
const problems = (source: string) => unsorted(source).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));

// Line 1 imports, 2 the lab, 3 a pool, 4 a network, 5 a domain; tests add from line 6.
const lines = (...rest: string[]) =>
  [
    `import { lab, gib, mib, podmanSecret, secretFromFile, opRead } from "homelab-gen";`,
    `const l = lab("t");`,
    `const pool = l.pool("p", { path: "/srv/p" });`,
    `const lan = l.network("lan", { subnet: "10.0.0.0/24" });`,
    `const d = l.activeDirectory("corp.example", { adminPassword: secretFromFile("/etc/pw") });`,
    ...rest,
    "export default l;",
  ].join("\n");

let n = 0;
const win = (name: string, props: string) =>
  `l.windowsVm("${name}", { memory: gib(4), disk: pool.volume("v${n++}", { capacity: gib(80) }), nics: [{ network: lan, ip: "10.0.0.${10 + n}" }], ${props} });`;

describe("validation of unattended installs, at the VM's line", () => {
  it("accepts a controller, a member and a standalone server", () => {
    const r = build(
      lines(
        win("DC", `os: "windows-server-2022", unattended: { domainController: d }`),
        win("PC", `os: "windows-11", edition: "enterprise", unattended: { joinDomain: d, locale: "de-DE", timeZone: "W. Europe Standard Time" }`),
        win("SRV", `os: "windows-server-2019", edition: "datacenter-core", unattended: { adminPassword: opRead("op://v/i/f") }`),
      ),
    );
    expect(r.ok ? [] : r.diagnostics.map((x) => x.message)).toEqual([]);
  });

  it("Windows 11 below 4 GiB is an error unless that VM opts in to the lab bypass", () => {
    const out = problems(
      lines(
        `l.windowsVm("W11", { memory: gib(2), os: "windows-11", disk: pool.volume("a", { capacity: gib(64) }), nics: [{ network: lan }] });`,
        `l.windowsVm("OK", { memory: mib(2048), os: "windows-11", disk: pool.volume("b", { capacity: gib(64) }), unattended: { adminPassword: secretFromFile("/x"), bypassHardwareChecks: true } });`,
        `l.windowsVm("SMALL", { memory: gib(4), vcpus: 1, os: "windows-11", disk: pool.volume("c", { capacity: gib(32) }), unattended: { adminPassword: secretFromFile("/x"), bypassHardwareChecks: true } });`,
        `l.windowsVm("RAW", { memory: gib(4), os: "windows-11", disk: pool.volume("d", { capacity: gib(64) }), raw: { devices: { tpm: null } } });`,
      ),
    );
    expect(out).toEqual([
      "6: vm W11: Windows 11 needs 4 GiB of memory, this VM has 2 GiB; give it gib(4), or opt in to Setup's lab bypass with `unattended: { bypassHardwareChecks: true, ... }`",
      "8: vm SMALL: Windows 11 needs 2 vCPUs, this VM has 1",
      "8: vm SMALL: Windows 11 needs a 64 GB disk, this VM's is 32 GiB",
      "9: vm RAW: Windows 11 needs UEFI and TPM 2.0, which `raw` replaces (devices); keep the template's or opt in to Setup's lab bypass",
    ]);
  });

  it("names, editions, roles and networks", () => {
    const out = problems(
      lines(
        win("A-NAME-LONGER-THAN-15", `os: "windows-server-2022", unattended: { adminPassword: secretFromFile("/x") }`),
        win("NOOS", `unattended: { adminPassword: secretFromFile("/x") }`),
        win("ED", `os: "windows-10", edition: "datacenter-core" as never`),
        win("ALONE", `os: "windows-server-2022", unattended: {} as never`),
        win("LOST", `os: "windows-server-2022", unattended: { joinDomain: l.activeDirectory("other.example", { adminPassword: secretFromFile("/y") }) }`),
        `l.windowsVm("NOIP", { memory: gib(4), os: "windows-server-2022", disk: pool.volume("n", { capacity: gib(80) }), nics: [{ network: lan }], unattended: { domainController: d } });`,
        win("WRM", `os: "windows-server-2022", unattended: { adminPassword: secretFromFile("/x"), winrm: { from: [l.network("far", { subnet: "10.9.0.0/24" })] } }`),
        win("POD", `os: "windows-server-2022", unattended: { adminPassword: podmanSecret("pw") }`),
        `l.linuxVm("lin", { memory: gib(1), disk: pool.volume("l", { capacity: gib(8) }), os: "windows-11" } as never);`,
        `l.linuxVm("under_score", { memory: gib(1), disk: pool.volume("u", { capacity: gib(8) }), cloudInit: {} });`,
        win("NODRV", `os: "windows-server-2022", virtio: true, virtioIso: false, unattended: { adminPassword: secretFromFile("/x") }`),
      ),
    );
    expect(out).toEqual([
      `6: vm A-NAME-LONGER-THAN-15: "A-NAME-LONGER-THAN-15" cannot be a Windows computer name (at most 15 letters, digits or '-', not only digits)`,
      '7: vm NOOS: an unattended install needs `os` (e.g. "windows-server-2022") to pick the image and drivers',
      '8: vm ED: edition "datacenter-core" is not an edition of windows-10 (pro, enterprise, education, enterprise-evaluation)',
      "9: vm ALONE: a VM outside a domain needs `unattended.adminPassword`",
      "10: active-directory other.example: VMs join this domain but no VM is its `domainController`",
      "11: vm NOIP: the controller of corp.example needs a NIC with a static `ip`: members use it as their DNS server",
      "12: vm WRM: winrm.from: the VM has no NIC on network far",
      "13: vm POD: unattended.adminPassword: VM secrets come from secretFromFile, secretFromCommand or opRead (podman secrets and env files are for containers)",
      "14: vm lin: `os` and `unattended` are for Windows VMs; a Linux VM takes `cloudInit`",
      `15: vm under_score: "under_score" is not a host name (letters, digits and '-'); give cloudInit.hostname`,
      "16: vm NODRV: an unattended install with `virtio` loads its disk driver from the virtio-win ISO: keep `virtioIso`",
    ]);
  });

  it("a member needs a NIC on its controller's network; one forest has one first controller", () => {
    const out = problems(
      lines(
        `const other = l.network("other", { subnet: "10.1.0.0/24" });`,
        win("DC1", `os: "windows-server-2022", unattended: { domainController: d }`),
        win("DC2", `os: "windows-server-2022", unattended: { domainController: d }`),
        `l.windowsVm("M", { memory: gib(4), os: "windows-server-2022", disk: pool.volume("m", { capacity: gib(80) }), nics: [{ network: other }], unattended: { joinDomain: d } });`,
      ),
    );
    expect(out).toEqual([
      "5: active-directory corp.example: one VM creates the forest; DC1 and DC2 are both `domainController` (add more controllers after install)",
      "9: vm M: joins corp.example but has no NIC on network lan, where its controller DC1 is",
    ]);
  });

  it("bad domain names, NetBIOS names, locales and keys point at their lines", () => {
    const out = problems(
      [
        `import { lab, gib, secretFromFile } from "homelab-gen";`,
        `const l = lab("t");`,
        `const pool = l.pool("p", { path: "/srv/p" });`,
        `l.activeDirectory("single", { adminPassword: secretFromFile("/etc/pw") });`,
        `l.activeDirectory("ok.example", { netbios: "MUCH-TOO-LONG-NAME", adminPassword: secretFromFile("/etc/pw") });`,
        `l.windowsVm("X", { memory: gib(4), os: "windows-server-2022", disk: pool.volume("x", { capacity: gib(80) }), unattended: { adminPassword: secretFromFile("/x"), locale: "english", productKey: "nope" } });`,
        "export default l;",
      ].join("\n"),
    );
    expect(out).toEqual([
      "4: active-directory single: name: a domain name is a DNS name of two or more labels, e.g. lab.local",
      "5: active-directory ok.example: netbios: a NetBIOS domain name is 1-15 letters, digits or -_ and not only digits",
      "6: vm X: unattended.locale: locale looks like en-US or de-DE",
      "6: vm X: unattended.productKey: a product key looks like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
    ]);
  });
});
