import type { UnitEntry } from "../../syntax/unit/unit-file.js";
import { atLeast, type PodmanVersion } from "../../model/podman-version.js";
import { quadletKeySince, type QuadletSection } from "../../model/quadlet-keys.js";

/**
 * A `Key=value` line of a Quadlet section, refused when the key is newer than the podman the unit
 * targets (quadlet would reject the whole unit). The model checks report user-chosen keys with
 * the user's line; reaching this error means a check is missing.
 *
 * @example
 * quadletKey("Container", "Pull", "never", "4.6"); // ["Pull", "never"]
 */
export function quadletKey(section: QuadletSection, key: string, value: string, target: PodmanVersion): UnitEntry {
  const since = quadletKeySince(section, key);
  if (since === undefined || !atLeast(target, since)) {
    throw new Error(`internal error: [${section}] ${key}= needs podman ${since ?? "(unknown key)"}, the unit targets ${target}; the model checks should have refused this`);
  }
  return [key, value];
}
