/**
 * The install media of a lab: per VM with `unattended` or `cloudInit` a template folder under
 * `seeds/<vm>/` (placeholders where secrets go), the folder's `media.sh` (its secrets and ISOs),
 * and one `seeds/assemble.sh` that makes the ISOs on the host. Nothing here holds a secret's value.
 */
import { domainOf, localAdminSecret } from "../../model/domain-lookup.js";
import type { Model } from "../../model/model.js";
import type { ModelVm } from "../../model/vm.js";
import { secretPlaceholder, type MediaSecret } from "../../model/vm-secret.js";
import { doc, el, printXml } from "../../syntax/xml/index.js";
import type { GeneratedFiles } from "../output.js";
import { answerFile, MEDIA_FOLDER } from "./answer-file.js";
import { assembleScript, MEDIA_FILE, mediaScript } from "./assemble-script.js";
import { cloudInitFiles } from "./cloud-init.js";
import { firstLogonScript, PS_SECRETS, USER_SCRIPT, withBom } from "./first-logon.js";
import { ASSEMBLE_SCRIPT, hasSeed, nopromptIsoName, SEEDS_DIR, seedLabel, usesNopromptIso } from "./media.js";

/** The secrets a Windows VM's first-logon script reads, by their name in `secrets.xml`. */
function scriptSecrets(model: Model, vm: ModelVm): [string, MediaSecret][] {
  const domain = domainOf(model, vm);
  if (!domain) return [];
  return vm.unattended!.role.kind === "controller" ? [[PS_SECRETS.safeMode, domain.safeModePassword]] : [[PS_SECRETS.domainAdmin, domain.adminPassword]];
}

/** Every secret a VM's media need. */
function vmSecrets(model: Model, vm: ModelVm): MediaSecret[] {
  if (vm.cloudInit) return vm.cloudInit.users.flatMap((u) => (u.passwordHash ? [u.passwordHash] : []));
  if (!vm.unattended) return [];
  const admin = localAdminSecret(model, vm);
  return [...(admin ? [admin] : []), ...scriptSecrets(model, vm).map(([, s]) => s)];
}

function windowsFiles(model: Model, vm: ModelVm, header: readonly string[], dir: string): GeneratedFiles {
  const files: GeneratedFiles = new Map([
    [`${dir}/autounattend.xml`, answerFile(model, vm, header)],
    [`${dir}/${MEDIA_FOLDER}/first-logon.ps1`, firstLogonScript(model, vm, header)],
  ]);
  const secrets = scriptSecrets(model, vm);
  if (secrets.length > 0) {
    const root = el("secrets", {}, secrets.map(([name, s]) => el("secret", { name }, [secretPlaceholder(s.key)])));
    files.set(`${dir}/${MEDIA_FOLDER}/secrets.xml`, printXml(doc(header, root)));
  }
  const user = vm.unattended!.firstLogon;
  if (user !== undefined) {
    const comments = header.map((l) => (l === "" ? "#" : `# ${l}`));
    files.set(`${dir}/${MEDIA_FOLDER}/${USER_SCRIPT}`, withBom([...comments, "", user].join("\n")));
  }
  return files;
}

/** `seeds/assemble.sh`, which every templates folder of the lab is assembled with; none without unattended VMs. */
export const assembleFiles = (model: Model, header: readonly string[]): GeneratedFiles =>
  new Map(model.vms.some(hasSeed) ? [[`${SEEDS_DIR}/${ASSEMBLE_SCRIPT}`, assembleScript(header)]] : []);

/**
 * The template folders and their media file for the VMs `among` (default all; a fleet host's
 * own), under `seedsDir`; empty without unattended VMs. Lookups (the domain's controller) use the
 * whole model. The user's first-logon script is copied below the header.
 *
 * @example
 * seedFiles(model, headerLines(model)) // seeds/media.sh, seeds/DC01/autounattend.xml, ...
 */
export function seedFiles(model: Model, header: readonly string[], seedsDir: string = SEEDS_DIR, among: readonly ModelVm[] = model.vms): GeneratedFiles {
  const vms = among.filter(hasSeed);
  const files: GeneratedFiles = new Map();
  if (vms.length === 0) return files;
  const secrets = new Map<string, MediaSecret>();
  for (const vm of vms) {
    const dir = `${seedsDir}/${vm.name}`;
    const own = vm.cloudInit ? cloudInitFiles(model, vm, header, dir) : windowsFiles(model, vm, header, dir);
    for (const [path, contents] of own) files.set(path, contents);
    for (const s of vmSecrets(model, vm)) if (!secrets.has(s.key)) secrets.set(s.key, s);
  }
  const media = vms.map((vm) => ({ vm: vm.name, label: seedLabel(vm) }));
  const sources = [...new Set(vms.filter(usesNopromptIso).map((vm) => vm.installIso!))];
  const installMedia = sources.map((source) => ({ source, name: nopromptIsoName(source) }));
  files.set(`${seedsDir}/${MEDIA_FILE}`, mediaScript(header, [...secrets.values()], media, installMedia));
  return files;
}
