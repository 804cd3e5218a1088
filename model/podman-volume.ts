import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { unitAssignedValue, unitWord } from "./representable.js";

const id = z.number().check(z.int(), z.gte(0), z.lte(4294967294));

/** What the DSL hands over for a podman volume. */
export const podmanVolumeInput = z.strictObject({
  name: resourceName,
  owner: z.optional(z.strictObject({ uid: id, gid: z.optional(id) })),
  labels: z._default(
    z.record(z.pipe(z.string().check(z.regex(/^[^=\s]+$/, "label keys are non-empty without '=' or spaces")), unitWord), unitAssignedValue),
    {},
  ),
});

/** A podman named volume, normalized. */
export interface ModelPodmanVolume extends z.output<typeof podmanVolumeInput> {
  readonly source: SourceLocation;
}
