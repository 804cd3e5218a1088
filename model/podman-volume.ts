import { z } from "zod";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { unitAssignedValue, unitWord } from "./representable.js";

const id = z.number().int().min(0).max(4294967294);

/** What the DSL hands over for a podman volume. */
export const podmanVolumeInput = z.strictObject({
  name: resourceName,
  owner: z.strictObject({ uid: id, gid: id.optional() }).optional(),
  labels: z.record(z.string().regex(/^[^=\s]+$/, "label keys are non-empty without '=' or spaces").pipe(unitWord), unitAssignedValue).default({}),
});

/** A podman named volume, normalized. */
export interface ModelPodmanVolume extends z.output<typeof podmanVolumeInput> {
  readonly source: SourceLocation;
}
