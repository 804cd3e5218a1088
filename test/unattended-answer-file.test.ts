import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIRST_LOGON_COMMAND } from "../generators/unattended/answer-file.js";
import { synthExample } from "./support/generated.js";
import { modelOf } from "./support/libvirt.js";
import { comp, readAnswerFile } from "./support/unattend.js";
import { wellFormed } from "./support/xml.js";
import { generateAll } from "../generators/index.js";

const PASSES = ["windowsPE", "offlineServicing", "generalize", "specialize", "auditSystem", "auditUser", "oobeSystem", "oobeUser"];

/** What every answer file must satisfy, whatever the VM: the structure WSIM's schema and Setup expect. */
function checkStructure(xml: string, where: string): void {
  const dir = mkdtempSync(join(tmpdir(), "hlg-unattend-"));
  writeFileSync(join(dir, "autounattend.xml"), xml);
  const parsed = wellFormed(join(dir, "autounattend.xml"));
  expect(parsed.ok, `${where}: ${parsed.output}`).toBe(true);
  const a = readAnswerFile(xml);
  expect(a.count("/u:unattend"), where).toBe(1);
  const passes = a.texts("/u:unattend/u:settings/@pass");
  for (const p of passes) expect(PASSES, where).toContain(p);
  expect(new Set(passes).size, `${where}: one settings element per pass`).toBe(passes.length);
  expect(a.count("/u:unattend/*[not(self::u:settings)]"), where).toBe(0);
  const components = a.nodes("/u:unattend/u:settings/u:component") as Element[];
  expect(components.length, where).toBeGreaterThan(0);
  for (const c of components) {
    expect(c.getAttribute("processorArchitecture"), where).toBe("amd64");
    expect(c.getAttribute("publicKeyToken"), where).toBe("31bf3856ad364e35");
    expect(c.getAttribute("language"), where).toBe("neutral");
    expect(c.getAttribute("versionScope"), where).toBe("nonSxS");
    expect(c.getAttribute("name"), where).toMatch(/^Microsoft-Windows-[A-Za-z-]+$/);
  }
  // Components sit in the passes the unattend reference allows them in.
  const allowed: Record<string, string[]> = {
    "Microsoft-Windows-International-Core-WinPE": ["windowsPE"],
    "Microsoft-Windows-Setup": ["windowsPE"],
    "Microsoft-Windows-PnpCustomizationsWinPE": ["windowsPE"],
    "Microsoft-Windows-PnpCustomizationsNonWinPE": ["offlineServicing"],
    "Microsoft-Windows-Shell-Setup": ["specialize", "oobeSystem"],
    "Microsoft-Windows-TCPIP": ["windowsPE", "specialize"],
    "Microsoft-Windows-DNS-Client": ["specialize"],
    "Microsoft-Windows-International-Core": ["oobeSystem"],
  };
  for (const c of components) {
    const pass = (c.parentNode as Element).getAttribute("pass")!;
    expect(allowed[c.getAttribute("name")!], `${where}: ${c.getAttribute("name")} in ${pass}`).toContain(pass);
  }
  // Orders and list keys are unique among siblings.
  for (const parent of a.nodes("//*[u:*/u:Order]") as Element[]) {
    const mine = Array.from(parent.childNodes).filter((n) => n.nodeType === 1).map((n) => (n as Element).getElementsByTagName("Order")[0]?.textContent);
    expect(new Set(mine).size, `${where}: duplicate Order under ${parent.nodeName}`).toBe(mine.length);
  }
  for (const parent of a.nodes("//*[*[@wcm:keyValue]]") as Element[]) {
    const keys = Array.from(parent.childNodes).filter((n) => n.nodeType === 1).map((n) => (n as Element).getAttribute("wcm:keyValue"));
    expect(new Set(keys).size, `${where}: duplicate keyValue under ${parent.nodeName}`).toBe(keys.length);
  }
  // TCPIP: Ipv4Settings, Identifier, UnicastIpAddresses, Routes in this order.
  for (const iface of a.nodes(`${comp("specialize", "Microsoft-Windows-TCPIP")}/u:Interfaces/u:Interface`) as Element[]) {
    const names = Array.from(iface.childNodes).filter((n) => n.nodeType === 1).map((n) => (n as Element).localName);
    const order = ["Ipv4Settings", "Ipv6Settings", "Identifier", "UnicastIpAddresses", "Routes"];
    expect(names.map((n) => order.indexOf(n)), `${where}: TCPIP children ${names.join(",")}`).toEqual([...names.map((n) => order.indexOf(n))].sort((x, y) => x - y));
  }
  expect(a.text(`${comp("specialize", "Microsoft-Windows-Shell-Setup")}/u:ComputerName`).length, where).toBeLessThanOrEqual(15);
}

describe("answer files of the SCCM example", () => {
  const files = synthExample("sccm").files;
  const answer = (vm: string) => readAnswerFile(files.get(`seeds/${vm}/autounattend.xml`)!);

  it("every VM has one, with the unattend structure", () => {
    for (const vm of ["DC01", "SCCM01", "CLIENT01", "CLIENT02"]) checkStructure(files.get(`seeds/${vm}/autounattend.xml`)!, vm);
  });

  it("DC01: UEFI disk layout, Server 2022 Desktop Experience, static address, DNS itself, Administrator password from the domain", () => {
    const a = answer("DC01");
    const setup = comp("windowsPE", "Microsoft-Windows-Setup");
    expect(a.texts(`${setup}/u:DiskConfiguration/u:Disk/u:CreatePartitions/u:CreatePartition/u:Type`)).toEqual(["EFI", "MSR", "Primary"]);
    expect(a.text(`${setup}/u:DiskConfiguration/u:Disk/u:WillWipeDisk`)).toBe("true");
    expect(a.texts(`${setup}/u:DiskConfiguration/u:Disk/u:ModifyPartitions/u:ModifyPartition/u:Format`)).toEqual(["FAT32", "NTFS"]);
    expect(a.text(`${setup}/u:ImageInstall/u:OSImage/u:InstallFrom/u:MetaData/u:Key`)).toBe("/IMAGE/NAME");
    expect(a.text(`${setup}/u:ImageInstall/u:OSImage/u:InstallFrom/u:MetaData/u:Value`)).toBe("Windows Server 2022 SERVERSTANDARD");
    expect(a.text(`${setup}/u:ImageInstall/u:OSImage/u:InstallTo/u:PartitionID`)).toBe("3");
    expect(a.text(`${setup}/u:UserData/u:ProductKey/u:Key`)).toBe(""); // evaluation media: no key
    expect(a.count(`${setup}/u:RunSynchronous`)).toBe(0); // no lab bypass on a server
    expect(a.text(`${comp("specialize", "Microsoft-Windows-Shell-Setup")}/u:ComputerName`)).toBe("DC01");
    expect(a.text(`${comp("specialize", "Microsoft-Windows-Shell-Setup")}/u:TimeZone`)).toBe("UTC");
    const tcpip = `${comp("specialize", "Microsoft-Windows-TCPIP")}/u:Interfaces/u:Interface`;
    expect(a.texts(`${tcpip}/u:Identifier`)).toEqual(["52-54-00-2E-E1-B5"]);
    expect(a.text(`${tcpip}/u:Ipv4Settings/u:DhcpEnabled`)).toBe("false");
    expect(a.text(`${tcpip}/u:UnicastIpAddresses/u:IpAddress[@wcm:action='add'][@wcm:keyValue='1']`)).toBe("192.168.56.10/24");
    expect(a.text(`${tcpip}/u:Routes/u:Route/u:NextHopAddress`)).toBe("192.168.56.1");
    expect(a.text(`${tcpip}/u:Routes/u:Route/u:Prefix`)).toBe("0.0.0.0/0");
    expect(a.texts(`${comp("specialize", "Microsoft-Windows-DNS-Client")}/u:Interfaces/u:Interface/u:DNSServerSearchOrder/u:IpAddress`)).toEqual(["192.168.56.10", "192.168.56.10"]);
    const shell = comp("oobeSystem", "Microsoft-Windows-Shell-Setup");
    expect(a.text(`${shell}/u:UserAccounts/u:AdministratorPassword/u:Value`)).toBe("@HOMELAB_GEN_SECRET:lab.local/admin-password@");
    expect(a.text(`${shell}/u:AutoLogon/u:Username`)).toBe("Administrator");
    expect(a.text(`${shell}/u:AutoLogon/u:LogonCount`)).toBe("1");
    expect(a.text(`${shell}/u:FirstLogonCommands/u:SynchronousCommand/u:CommandLine`)).toBe(FIRST_LOGON_COMMAND);
    expect(FIRST_LOGON_COMMAND.length).toBeLessThanOrEqual(1024);
    for (const key of ["InputLocale", "SystemLocale", "UILanguage", "UserLocale"]) {
      expect(a.text(`${comp("oobeSystem", "Microsoft-Windows-International-Core")}/u:${key}`)).toBe("en-US");
      expect(a.text(`${comp("windowsPE", "Microsoft-Windows-International-Core-WinPE")}/u:${key}`)).toBe("en-US");
    }
  });

  it("members point every NIC's DNS at DC01; the 2 GiB clients get Setup's lab bypass and a local admin account", () => {
    for (const vm of ["SCCM01", "CLIENT01", "CLIENT02"]) {
      const a = answer(vm);
      expect(a.texts(`${comp("specialize", "Microsoft-Windows-DNS-Client")}/u:Interfaces/u:Interface/u:DNSServerSearchOrder/u:IpAddress`), vm).toEqual(["192.168.56.10", "192.168.56.10"]);
    }
    expect(answer("SCCM01").text(`${comp("specialize", "Microsoft-Windows-TCPIP")}/u:Interfaces/u:Interface/u:UnicastIpAddresses/u:IpAddress`)).toBe("192.168.56.11/24");
    const c = answer("CLIENT01");
    expect(c.count(`${comp("specialize", "Microsoft-Windows-TCPIP")}`)).toBe(0); // DHCP on both NICs
    expect(c.text(`${comp("windowsPE", "Microsoft-Windows-Setup")}/u:ImageInstall/u:OSImage/u:InstallFrom/u:MetaData/u:Value`)).toBe("Windows 11 Pro");
    expect(c.texts(`${comp("windowsPE", "Microsoft-Windows-Setup")}/u:RunSynchronous/u:RunSynchronousCommand/u:Path`)).toEqual(
      ["BypassTPMCheck", "BypassSecureBootCheck", "BypassRAMCheck"].map((k) => `reg add HKLM\\SYSTEM\\Setup\\LabConfig /v ${k} /t REG_DWORD /d 1 /f`),
    );
    const shell = comp("oobeSystem", "Microsoft-Windows-Shell-Setup");
    expect(c.text(`${shell}/u:UserAccounts/u:LocalAccounts/u:LocalAccount/u:Name`)).toBe("labadmin");
    expect(c.text(`${shell}/u:UserAccounts/u:LocalAccounts/u:LocalAccount/u:Group`)).toBe("Administrators");
    expect(c.text(`${shell}/u:AutoLogon/u:Username`)).toBe("labadmin");
    expect(c.text(`${comp("specialize", "Microsoft-Windows-Shell-Setup")}/u:ComputerName`)).toBe("CLIENT01");
  });

  it("first-logon scripts: WinRM from lab-net, the forest on DC01, a retried join on the members", () => {
    const dc = files.get("seeds/DC01/homelab-gen/first-logon.ps1")!;
    expect(dc.startsWith("\uFEFF# Generated by homelab-gen")).toBe(true);
    expect(dc).toContain("Enable-PSRemoting -Force -SkipNetworkProfileCheck");
    expect(dc).toContain("Set-NetFirewallRule -RemoteAddress @('192.168.56.0/24')");
    expect(dc).toContain("Install-WindowsFeature -Name AD-Domain-Services -IncludeManagementTools");
    expect(dc).toContain("Install-ADDSForest -DomainName 'lab.local' -DomainNetbiosName 'LAB' -InstallDns");
    expect(dc).not.toContain("Add-Computer");
    const member = files.get("seeds/CLIENT02/homelab-gen/first-logon.ps1")!;
    expect(member).toContain("Add-Computer -DomainName $domain -Credential $credential -Force -ErrorAction Stop");
    expect(member).toMatch(/while \(\$true\) \{[^]*catch \{[^]*Start-Sleep -Seconds 30/);
    expect(member).toContain("PSCredential('LAB\\Administrator', $password)");
    expect(member).not.toContain("Install-ADDSForest");
  });
});

// Property: any valid Windows VM the DSL can declare gets an answer file with the structure above
// and its own settings in it.
const SERVER = ["windows-server-2019", "windows-server-2022", "windows-server-2025"] as const;
const vmArb = fc.record({
  os: fc.constantFrom(...SERVER, "windows-10", "windows-11"),
  serverEdition: fc.constantFrom("standard-desktop", "standard-core", "datacenter-desktop", "datacenter-core"),
  clientEdition: fc.constantFrom("pro", "enterprise", "education", "enterprise-evaluation"),
  name: fc.stringMatching(/^[A-Z][A-Z0-9-]{0,14}$/),
  statics: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
  virtio: fc.boolean(),
  memoryGib: fc.integer({ min: 1, max: 8 }),
  locale: fc.constantFrom("en-US", "de-DE", "fr-FR", "sr-Latn-RS"),
  timeZone: fc.constantFrom("UTC", "W. Europe Standard Time", "Pacific Standard Time & <Odd>"),
  role: fc.constantFrom("controller", "member", "standalone"),
  productKey: fc.option(fc.constant("VK7JG-NPHTM-C97JM-9MPGT-3V66T"), { nil: undefined }),
});

type VmCase = typeof vmArb extends fc.Arbitrary<infer T> ? T : never;

function topologyOf(v: VmCase): string {
  const server = (SERVER as readonly string[]).includes(v.os);
  const nics = v.statics.map((s, i) => `{ network: n${i}${s ? `, ip: "10.0.${i}.10"` : ""} }`).join(", ");
  const role = v.role === "controller" ? "domainController: d" : v.role === "member" ? "joinDomain: d" : `adminPassword: secretFromFile("/etc/pw")`;
  return `
import { lab, gib, secretFromFile } from "homelab-gen";
const l = lab("prop");
${v.statics.map((_, i) => `const n${i} = l.network("n${i}", { subnet: "10.0.${i}.0/24" });`).join("\n")}
const pool = l.pool("p", { path: "/srv/p" });
const d = l.activeDirectory("corp.example", { adminPassword: secretFromFile("/etc/domain-pw") });
${v.role === "member" ? `l.windowsVm("DC", { memory: gib(4), os: "windows-server-2022", disk: pool.volume("dc", { capacity: gib(80) }), nics: [{ network: n0, ip: "10.0.0.2" }], unattended: { domainController: d } });` : ""}
l.windowsVm(${JSON.stringify(v.name)}, {
  memory: gib(${v.memoryGib}), virtio: ${v.virtio}, os: ${JSON.stringify(v.os)}, edition: ${JSON.stringify(server ? v.serverEdition : v.clientEdition)},
  disk: pool.volume("sys", { capacity: gib(80) }),
  nics: [${nics}],
  unattended: { ${role}, language: "en-US", locale: ${JSON.stringify(v.locale)}, timeZone: ${JSON.stringify(v.timeZone)}, bypassHardwareChecks: true${v.productKey ? `, productKey: "${v.productKey}"` : ""} },
});
export default l;
`;
}

describe("answer files of generated VMs (property)", () => {
  it("have the unattend structure and carry the VM's name, image, addresses, locale, drivers and bypass", () => {
    fc.assert(
      fc.property(vmArb, (v) => {
        if (v.role === "member" && v.name === "DC") return;
        if (v.role === "controller") v.statics[0] = true; // a controller needs a static address (checked)
        const model = modelOf(topologyOf(v));
        const files = generateAll(model, { target: "nixos", outDir: "/tmp/unused" });
        const xml = files.get(`seeds/${v.name}/autounattend.xml`)!;
        checkStructure(xml, v.name);
        const a = readAnswerFile(xml);
        expect(a.text(`${comp("specialize", "Microsoft-Windows-Shell-Setup")}/u:ComputerName`)).toBe(v.name);
        expect(a.text(`${comp("specialize", "Microsoft-Windows-Shell-Setup")}/u:TimeZone`)).toBe(v.timeZone);
        expect(a.text(`${comp("oobeSystem", "Microsoft-Windows-International-Core")}/u:UILanguage`)).toBe("en-US");
        expect(a.text(`${comp("oobeSystem", "Microsoft-Windows-International-Core")}/u:UserLocale`)).toBe(v.locale);
        expect(a.text(`${comp("windowsPE", "Microsoft-Windows-International-Core-WinPE")}/u:InputLocale`)).toBe(v.locale);
        const vm = model.vms.find((x) => x.name === v.name)!;
        const staticMacs = vm.nics.filter((n) => n.ip !== undefined).map((n) => n.mac.toUpperCase().replaceAll(":", "-"));
        expect(a.texts(`${comp("specialize", "Microsoft-Windows-TCPIP")}/u:Interfaces/u:Interface/u:Identifier`)).toEqual(staticMacs);
        expect(a.texts(`${comp("specialize", "Microsoft-Windows-TCPIP")}/u:Interfaces/u:Interface/u:UnicastIpAddresses/u:IpAddress`)).toEqual(
          vm.nics.filter((n) => n.ip !== undefined).map((n) => `${n.ip}/24`),
        );
        const dns = a.texts(`${comp("specialize", "Microsoft-Windows-DNS-Client")}/u:Interfaces/u:Interface/u:DNSServerSearchOrder/u:IpAddress`);
        const dcIp = v.role === "member" ? "10.0.0.2" : v.role === "controller" ? vm.nics.find((n) => n.ip)?.ip : undefined;
        expect(dns).toEqual(dcIp === undefined ? [] : vm.nics.map(() => dcIp));
        const image = a.text(`${comp("windowsPE", "Microsoft-Windows-Setup")}/u:ImageInstall/u:OSImage/u:InstallFrom/u:MetaData/u:Value`);
        expect(image).toMatch(/^Windows (Server 20(19|22|25) SERVER(STANDARD|DATACENTER)(CORE)?|1[01] (Pro|Enterprise|Education|Enterprise Evaluation))$/);
        expect(a.text(`${comp("windowsPE", "Microsoft-Windows-Setup")}/u:UserData/u:ProductKey/u:Key`)).toBe(v.productKey ?? "");
        const drivers = a.texts(`${comp("windowsPE", "Microsoft-Windows-PnpCustomizationsWinPE")}/u:DriverPaths/u:PathAndCredentials/u:Path`);
        if (v.virtio) expect(drivers.every((p) => /^[D-G]:\\viostor\\(w10|w11|2k19|2k22|2k25)\\amd64$/.test(p)) && drivers.length === 4).toBe(true);
        else expect(drivers).toEqual([]);
        expect(a.count(`${comp("windowsPE", "Microsoft-Windows-Setup")}/u:RunSynchronous`)).toBe(v.os === "windows-11" ? 1 : 0);
      }),
      { numRuns: 40 },
    );
  });
});
