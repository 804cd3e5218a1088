import { localImageName, type ModelImage } from "../../model/image.js";
import type { Model } from "../../model/model.js";
import { unitFile } from "../../syntax/unit/unit-file.js";
import { headerLines } from "../header.js";
import { archivePlaceholder } from "./archive.js";
import { IMAGE_UNITS_SINCE } from "./image-delivery.js";
import { quadletKey } from "./keys.js";
import { podmanArg, systemdValue } from "../unit-values.js";

/**
 * `quadlet/<name>.image`: loads the Nix-built docker-archive into the storage of the manager it
 * is installed for. The archive's path is a placeholder until installation (see archive.ts).
 * `ImageTag=` is the name containers use: what `podman load` calls a short-named archive.
 */
export function imageUnit(model: Model, image: ModelImage, portable: boolean): string {
  const key = (k: string, value: string) => quadletKey("Image", k, value, IMAGE_UNITS_SINCE);
  return unitFile(
    [
      { name: "Unit", entries: [["Description", systemdValue(`${image.name} image (homelab-gen, built by Nix)`)]] },
      { name: "Image", entries: [key("Image", podmanArg(`docker-archive:${archivePlaceholder(image.name)}`)), key("ImageTag", podmanArg(localImageName(image)))] },
    ],
    headerLines(model, { portable }),
  );
}
