import type { Model } from "../../model/model.js";
import type { ModelPodmanVolume } from "../../model/podman-volume.js";
import { labelAssignment } from "../../syntax/unit/escape.js";
import { unitFile, type UnitEntry } from "../../syntax/unit/unit-file.js";
import { headerLines } from "../header.js";
import { quadletKey } from "./keys.js";
import { systemdValue } from "../unit-values.js";

// Every key written here exists since Quadlet's first release.
const TARGET = "4.4";

/** `quadlet/<name>.volume`: owner and labels. */
export function volumeUnit(model: Model, volume: ModelPodmanVolume, portable: boolean): string {
  const key = (k: string, value: string): UnitEntry => quadletKey("Volume", k, value, TARGET);
  const entries: UnitEntry[] = [
    ...(volume.owner ? [key("User", String(volume.owner.uid)), key("Group", String(volume.owner.gid ?? volume.owner.uid))] : []),
    ...Object.entries(volume.labels).map(([name, value]) => key("Label", labelAssignment(name, value))),
  ];
  return unitFile(
    [
      { name: "Unit", entries: [["Description", systemdValue(`${volume.name} (homelab-gen volume)`)]] },
      { name: "Volume", entries },
    ],
    headerLines(model, { portable }),
  );
}
