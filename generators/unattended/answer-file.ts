/**
 * `autounattend.xml`: the answer file Windows Setup finds at the root of the seed CD (it searches
 * removable, then read-only media). Settings and their passes follow Microsoft's unattend
 * reference (sources in docs/unattended.md); secrets are placeholders that `assemble.sh` replaces
 * on the host.
 */
import { controllerOf, domainOf, localAdminSecret } from "../../model/domain-lookup.js";
import type { Model } from "../../model/model.js";
import type { ModelNetwork } from "../../model/network.js";
import { isServerOs, type ModelUnattended, type WindowsOs } from "../../model/unattended.js";
import type { ModelVm } from "../../model/vm.js";
import { secretPlaceholder } from "../../model/vm-secret.js";
import { doc, el, printXml, type Child, type XmlElement } from "../../syntax/xml/index.js";
import { imageName, virtioOsDir } from "./windows-image.js";

const UNATTEND_NS = "urn:schemas-microsoft-com:unattend";
const WCM_NS = "http://schemas.microsoft.com/WMIConfig/2002/State";

/** The account a client edition gets (the built-in Administrator is disabled on Windows 10/11). */
const CLIENT_ADMIN = "labadmin";

/** The file on the seed CD the first logon runs, and the folder it is in. */
export const MEDIA_FOLDER = "homelab-gen";

/**
 * First logon: find the seed CD (its drive letter varies with the CD-ROMs attached) by its script
 * and run it. Fixed text, no data in it; `for %d` is cmd.exe's loop variable on a command line.
 */
export const FIRST_LOGON_COMMAND =
  `cmd.exe /c for %d in (D E F G H I J K L M N O P Q R S T U V W X Y Z) do @if exist %d:\\${MEDIA_FOLDER}\\first-logon.ps1 ` +
  `powershell.exe -NoProfile -ExecutionPolicy Bypass -File %d:\\${MEDIA_FOLDER}\\first-logon.ps1`;

/** Windows 11 Setup's lab bypass keys (windowsPE, before the hardware checks run). */
const LAB_BYPASS = ["BypassTPMCheck", "BypassSecureBootCheck", "BypassRAMCheck"];

/** Drive letters the virtio-win CD may get in Windows PE; paths that do not exist are skipped by Setup. */
const VIRTIO_LETTERS = ["D", "E", "F", "G"];

/** `<component name=... processorArchitecture='amd64' ...>`: the attributes every component needs. */
const component = (name: string, children: readonly Child[]): XmlElement =>
  el(
    "component",
    { name, processorArchitecture: "amd64", publicKeyToken: "31bf3856ad364e35", language: "neutral", versionScope: "nonSxS" },
    children,
  );

const settings = (pass: string, components: readonly (XmlElement | false)[]): XmlElement | false => {
  const present = components.filter((c): c is XmlElement => c !== false);
  return present.length > 0 && el("settings", { pass }, present);
};

const add = (name: string, children: readonly Child[], keyValue?: string): XmlElement =>
  el(name, { "wcm:action": "add", "wcm:keyValue": keyValue }, children);

const text = (name: string, value: string | number | boolean): XmlElement => el(name, {}, [String(value)]);

/** A MAC as Windows' interface identifier: `52-54-00-AA-BB-CC`. */
const macIdentifier = (mac: string): string => mac.toUpperCase().replaceAll(":", "-");

function locales(u: ModelUnattended, winpe: boolean): Child[] {
  return [
    winpe && el("SetupUILanguage", {}, [text("UILanguage", u.language)]),
    text("InputLocale", u.keyboard),
    text("SystemLocale", u.locale),
    text("UILanguage", u.language),
    text("UserLocale", u.locale),
  ];
}

/** UEFI/GPT layout: EFI system partition 260 MB (fits 4Kn disks), MSR 16 MB, Windows on the rest. */
function diskConfiguration(): XmlElement {
  const create = (order: number, type: string, size?: number) =>
    add("CreatePartition", [text("Order", order), text("Type", type), size === undefined ? text("Extend", true) : text("Size", size)]);
  const modify = (order: number, id: number, format: string, label: string, letter?: string) =>
    add("ModifyPartition", [text("Order", order), text("PartitionID", id), text("Format", format), text("Label", label), letter !== undefined && text("Letter", letter)]);
  return el("DiskConfiguration", {}, [
    add("Disk", [
      text("DiskID", 0),
      text("WillWipeDisk", true),
      el("CreatePartitions", {}, [create(1, "EFI", 260), create(2, "MSR", 16), create(3, "Primary")]),
      el("ModifyPartitions", {}, [modify(1, 1, "FAT32", "System"), modify(2, 3, "NTFS", "Windows", "C")]),
    ]),
  ]);
}

function windowsPE(vm: ModelVm, os: WindowsOs, u: ModelUnattended): XmlElement | false {
  const image = u.imageName ?? imageName(os, vm.edition!);
  const bypass = u.bypassHardwareChecks && os === "windows-11";
  const drivers = vm.virtio
    ? VIRTIO_LETTERS.map((letter, i) => add("PathAndCredentials", [text("Path", `${letter}:\\viostor\\${virtioOsDir(os)}\\amd64`)], String(i + 1)))
    : [];
  return settings("windowsPE", [
    component("Microsoft-Windows-International-Core-WinPE", locales(u, true)),
    drivers.length > 0 && component("Microsoft-Windows-PnpCustomizationsWinPE", [el("DriverPaths", {}, drivers)]),
    component("Microsoft-Windows-Setup", [
      diskConfiguration(),
      el("ImageInstall", {}, [
        el("OSImage", {}, [
          el("InstallFrom", {}, [add("MetaData", [text("Key", "/IMAGE/NAME"), text("Value", image)])]),
          el("InstallTo", {}, [text("DiskID", 0), text("PartitionID", 3)]),
        ]),
      ]),
      el("UserData", {}, [
        text("AcceptEula", true),
        // Evaluation media take no key; Windows PE still wants the element.
        el("ProductKey", {}, [el("Key", {}, u.productKey === undefined ? [] : [u.productKey]), text("WillShowUI", "OnError")]),
      ]),
      bypass &&
        el(
          "RunSynchronous",
          {},
          LAB_BYPASS.map((key, i) =>
            add("RunSynchronousCommand", [text("Order", i + 1), text("Path", `reg add HKLM\\SYSTEM\\Setup\\LabConfig /v ${key} /t REG_DWORD /d 1 /f`)]),
          ),
        ),
    ]),
  ]);
}

/** The virtio network driver for the installed system (Windows PE only loads the disk driver). */
function offlineServicing(vm: ModelVm, os: WindowsOs): XmlElement | false {
  if (!vm.virtio) return false;
  const paths = VIRTIO_LETTERS.map((letter, i) => add("PathAndCredentials", [text("Path", `${letter}:\\NetKVM\\${virtioOsDir(os)}\\amd64`)], String(i + 1)));
  return settings("offlineServicing", [component("Microsoft-Windows-PnpCustomizationsNonWinPE", [el("DriverPaths", {}, paths)])]);
}

function specialize(model: Model, vm: ModelVm, u: ModelUnattended): XmlElement | false {
  const networks = new Map<string, ModelNetwork>(model.networks.map((n) => [n.name, n]));
  const statics = vm.nics.filter((n) => n.ip !== undefined);
  const tcpip = statics.map((nic, i) => {
    const net = networks.get(nic.network)!;
    return add("Interface", [
      el("Ipv4Settings", {}, [text("DhcpEnabled", false)]),
      text("Identifier", macIdentifier(nic.mac)),
      el("UnicastIpAddresses", {}, [add("IpAddress", [`${nic.ip}/${net.prefix}`], "1")]),
      net.mode !== "isolated" &&
        el("Routes", {}, [add("Route", [text("Identifier", 1), text("Metric", 10 * (i + 1)), text("NextHopAddress", net.gateway), text("Prefix", "0.0.0.0/0")])]),
    ]);
  });
  // In a domain every NIC asks the controller: another resolver would answer "no such name" for the domain.
  const domain = domainOf(model, vm);
  const dc = domain && controllerOf(model, domain.name);
  const dns = dc
    ? vm.nics.map((nic) => add("Interface", [text("Identifier", macIdentifier(nic.mac)), el("DNSServerSearchOrder", {}, [add("IpAddress", [dc.nic.ip], "1")])]))
    : [];
  return settings("specialize", [
    component("Microsoft-Windows-Shell-Setup", [text("ComputerName", vm.name), text("TimeZone", u.timeZone)]),
    tcpip.length > 0 && component("Microsoft-Windows-TCPIP", [el("Interfaces", {}, tcpip)]),
    dns.length > 0 && component("Microsoft-Windows-DNS-Client", [el("Interfaces", {}, dns)]),
  ]);
}

function oobeSystem(model: Model, vm: ModelVm, os: WindowsOs, u: ModelUnattended): XmlElement | false {
  const server = isServerOs(os);
  const secret = localAdminSecret(model, vm);
  const password = (name: string) => el(name, {}, [text("Value", secretPlaceholder(secret!.key)), text("PlainText", true)]);
  const accounts = server
    ? [password("AdministratorPassword")]
    : [el("LocalAccounts", {}, [add("LocalAccount", [text("Name", CLIENT_ADMIN), text("Group", "Administrators"), password("Password")])])];
  return settings("oobeSystem", [
    component("Microsoft-Windows-International-Core", locales(u, false)),
    component("Microsoft-Windows-Shell-Setup", [
      // One automatic logon runs the first-logon commands; a domain join or forest reboots after it.
      el("AutoLogon", {}, [text("Enabled", true), text("Username", server ? "Administrator" : CLIENT_ADMIN), password("Password"), text("LogonCount", 1)]),
      el("FirstLogonCommands", {}, [
        add("SynchronousCommand", [
          text("Order", 1),
          text("CommandLine", FIRST_LOGON_COMMAND),
          text("Description", "homelab-gen first logon: networking, WinRM, domain"),
          text("RequiresUserInput", false),
        ]),
      ]),
      el("OOBE", {}, [text("HideEULAPage", true), text("HideLocalAccountScreen", true), text("HideOnlineAccountScreens", true), text("ProtectYourPC", 3)]),
      el("UserAccounts", {}, accounts),
    ]),
  ]);
}

/**
 * The answer file of an unattended Windows VM (its `os` and `unattended` set: the model checks
 * guarantee it before generation).
 *
 * @example
 * answerFile(model, vm, header) // "<!-- Generated ... -->\n<unattend xmlns='urn:schemas-microsoft-com:unattend' ..."
 */
export function answerFile(model: Model, vm: ModelVm, header: readonly string[]): string {
  const u = vm.unattended!;
  const os = vm.os!;
  return printXml(
    doc(
      header,
      el("unattend", { xmlns: UNATTEND_NS, "xmlns:wcm": WCM_NS }, [
        windowsPE(vm, os, u),
        offlineServicing(vm, os),
        specialize(model, vm, u),
        oobeSystem(model, vm, os, u),
      ]),
    ),
  );
}
