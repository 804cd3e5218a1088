import type { Model } from "../../model/model.js";
import { comparePaths } from "../output.js";
import { containerUnit } from "./container.js";
import { imageDelivery, loadsBeforeStart } from "./image-delivery.js";
import { imageUnit } from "./image-unit.js";
import { networkUnit } from "./network.js";
import { placementOf, uniquePlacements, type Placement } from "../placement.js";
import { volumeUnit } from "./volume.js";

/** A generated Quadlet file and where it is installed. */
export interface QuadletUnit {
  /** File name, e.g. `alice-dev.container`; written as `quadlet/<file>`. */
  readonly file: string;
  readonly text: string;
  /**
   * Every manager that needs it: a container's own, and for volumes, networks and images each
   * manager whose containers use them (podman storage is per user). Empty: declared but unused.
   */
  readonly placements: readonly Placement[];
  /** The image whose archive path replaces the placeholder in `text`, if any. */
  readonly archive?: string;
  /** The systemd service Quadlet makes of it, e.g. `alice-dev.service`. */
  readonly service: string;
}

/** For each key, the placements of the containers `keys` lists it for, in container order, without repeats. */
function placementsBy(containers: Model["containers"], keys: (c: Model["containers"][number]) => Iterable<string>): Map<string, Placement[]> {
  const found = new Map<string, Placement[]>();
  for (const c of containers) {
    for (const key of new Set(keys(c))) {
      const list = found.get(key) ?? [];
      list.push(placementOf(c));
      found.set(key, list);
    }
  }
  for (const [key, list] of found) found.set(key, uniquePlacements(list));
  return found;
}

// The flake's wiring and the files themselves both need the units: built once per model and target.
const built = new WeakMap<Model, Map<boolean, QuadletUnit[]>>();

/**
 * Every Quadlet unit of the lab, sorted by file name. `portable`: the target without Nix, where
 * images with a `registry` fallback are pulled instead of built. Linear in the number of containers.
 */
export function quadletUnits(model: Model, portable: boolean): QuadletUnit[] {
  const cached = built.get(model)?.get(portable);
  if (cached) return cached;
  const units = buildUnits(model, portable);
  built.set(model, (built.get(model) ?? new Map<boolean, QuadletUnit[]>()).set(portable, units));
  return units;
}

function buildUnits(model: Model, portable: boolean): QuadletUnit[] {
  // Each user of a container template may run its container: the images and networks it uses
  // are installed for them as for a declared container (its own units are written by the command).
  const fromTemplates = model.containerTemplates.flatMap((t) => t.users.map((user) => ({ ...t.container, user })));
  const everyContainer = [...model.containers, ...fromTemplates];
  const delivered = (c: Model["containers"][number]) => ({ c, delivery: imageDelivery(model, c, portable) });
  const deliveries = model.containers.map(delivered);
  const everyDelivery = [...deliveries, ...fromTemplates.map(delivered)];
  const volumeUsers = placementsBy(everyContainer, (c) => c.mounts.flatMap((m) => ("volume" in m ? [m.volume] : [])));
  const networkUsers = placementsBy(everyContainer, (c) => c.networks);
  const loaders = placementsBy(
    everyDelivery.filter(({ delivery }) => delivery.kind === "image-unit").map(({ c }) => c),
    (c) => (c.image.kind === "local" ? [c.image.name] : []),
  );
  const units: QuadletUnit[] = [
    ...deliveries.map(({ c, delivery }) => ({
      file: `${c.name}.container`,
      text: containerUnit(model, c, portable),
      placements: [placementOf(c)],
      ...(loadsBeforeStart(delivery) && { archive: delivery.image.name }),
      service: `${c.name}.service`,
    })),
    ...model.podmanVolumes.map((v) => ({
      file: `${v.name}.volume`,
      text: volumeUnit(model, v, portable),
      placements: volumeUsers.get(v.name) ?? [],
      service: `${v.name}-volume.service`,
    })),
    ...model.podmanNetworks.map((n) => ({
      file: `${n.name}.network`,
      text: networkUnit(model, n, portable),
      placements: networkUsers.get(n.name) ?? [],
      service: `${n.name}-network.service`,
    })),
    // An .image unit exists only where a container loads its image through one.
    ...model.images.flatMap((image) => {
      const placements = loaders.get(image.name);
      if (placements === undefined) return [];
      return [{
        file: `${image.name}.image`,
        text: imageUnit(model, image, portable),
        placements,
        archive: image.name,
        service: `${image.name}-image.service`,
      }];
    }),
  ];
  return units.sort((a, b) => comparePaths(a.file, b.file));
}
