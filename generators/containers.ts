import type { Model } from "../model/model.js";
import { commandName } from "./control-command/paths.js";
import { runsContainers } from "./lab-features.js";
import { controlScript } from "./control-command/script.js";
import { templateUnits } from "./control-command/units.js";
import { imageFile } from "./images/image-file.js";
import { installScript } from "./install-script/install-sh.js";
import type { GeneratedFiles } from "./output.js";
import { quadletUnits } from "./quadlet/units.js";
import { labScripts } from "./scripts.js";
import { systemdUnits } from "./systemd/units.js";

/**
 * Container images, Quadlet units, job timers and the control commands of container templates:
 * `containers/<image>.nix`, `quadlet/*`, `systemd/*`, `bin/<template>-ctl`, `scripts/*.sh` (what units run), and for the portable
 * target (hosts without Nix) `install.sh`.
 *
 * @example
 * containerFiles(model, false).get("quadlet/web.container");
 */
export function containerFiles(model: Model, portable: boolean): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  for (const image of model.images) files.set(`containers/${image.name}.nix`, imageFile(model, image, portable));
  const quadlet = quadletUnits(model, portable);
  const systemd = systemdUnits(model, portable);
  for (const unit of quadlet) files.set(`quadlet/${unit.file}`, unit.text);
  for (const unit of systemd) files.set(`systemd/${unit.file}`, unit.text);
  for (const script of labScripts(model, portable)) files.set(`scripts/${script.name}.sh`, script.text);
  for (const t of model.containerTemplates) files.set(`bin/${commandName(t)}`, controlScript(model, t, templateUnits(model, t, portable), portable));
  if (portable && runsContainers(model)) files.set("install.sh", installScript(model, quadlet, systemd));
  return files;
}
