import type { Model } from "../../model/model.js";
import { containerFiles } from "../containers.js";
import { installScript } from "../install-script/install-sh.js";
import { LIBVIRT_DIR, libvirtFiles } from "../libvirt/index.js";
import { mergeFiles, type GeneratedFiles } from "../output.js";
import { quadletUnits } from "../quadlet/units.js";
import { systemdUnits } from "../systemd/units.js";
import { seedsDirOf } from "../unattended/media.js";
import { hasLibvirtObjects, modelOn } from "./host-model.js";

/**
 * The target for hosts without Nix, for a fleet: each host's libvirt definitions and `apply.sh`
 * under `libvirt/<host>/`, and each host's `install-<host>.sh` for its containers and jobs (the
 * Quadlet and systemd units are shared files: names are unique in the topology).
 *
 * @example
 * portableFleetFiles(model).get("libvirt/hv1/apply.sh");
 */
export function portableFleetFiles(model: Model): GeneratedFiles {
  const shared = containerFiles(model, true);
  shared.delete("install.sh");
  const perHost = model.hosts.map((h) => {
    const share = modelOn(model, h.name);
    const files = hasLibvirtObjects(share) ? libvirtFiles(share, `${LIBVIRT_DIR}/${h.name}`, seedsDirOf(h.name)) : new Map<string, string>();
    if (share.containers.length > 0 || share.jobs.length > 0 || share.containerTemplates.length > 0) {
      files.set(`install-${h.name}.sh`, installScript(share, quadletUnits(share, true), systemdUnits(share, true)));
    }
    return files;
  });
  return mergeFiles(shared, ...perHost);
}
