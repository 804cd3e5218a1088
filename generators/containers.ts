import type { Model } from "../model/model.js";
import { imageFile } from "./images/image-file.js";
import { installScript } from "./install-script/install-sh.js";
import type { GeneratedFiles } from "./output.js";
import { quadletUnits } from "./quadlet/units.js";
import { labScripts } from "./scripts.js";
import { systemdUnits } from "./systemd/units.js";

/**
 * Container images, Quadlet units and job timers: `containers/<image>.nix`, `quadlet/*`,
 * `systemd/*`, `scripts/*.sh` (what units run), and for the portable target (hosts without Nix) `install.sh`.
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
  if (portable && (model.containers.length > 0 || model.jobs.length > 0)) files.set("install.sh", installScript(model, quadlet, systemd));
  return files;
}
