import type { ModelContainer } from "../../model/container.js";
import type { ModelImage } from "../../model/image.js";
import type { Model } from "../../model/model.js";
import { podmanOn } from "../../model/podman.js";
import { atLeast } from "../../model/podman-version.js";

/** Podman 4.8 brought `.image` units, which can load a docker-archive themselves. */
export const IMAGE_UNITS_SINCE = "4.8";

/**
 * How a container's image reaches podman:
 * - `registry`: pulled by reference (a registry image, or a Nix image's `registry` fallback on
 *   portable installs, where there may be no Nix to build it);
 * - `image-unit`: a `<image>.image` unit loads the Nix-built archive (podman 4.8 and later);
 * - `load-step`: the container's service runs `podman load` on the archive before starting;
 * - `stream-step`: the same with a `streamLayeredImage` script's output (NixOS only: elsewhere the
 *   archive is built beforehand and delivered like any other).
 */
export type ImageDelivery =
  | { readonly kind: "registry"; readonly reference: string }
  | { readonly kind: "image-unit" | "load-step" | "stream-step"; readonly image: ModelImage };

/** The container's service loads the image itself before it starts. */
export const loadsBeforeStart = (d: ImageDelivery): d is { readonly kind: "load-step" | "stream-step"; readonly image: ModelImage } =>
  d.kind === "load-step" || d.kind === "stream-step";

/** How `c`'s image is delivered; `portable` is the target without Nix. */
export function imageDelivery(model: Model, c: ModelContainer, portable: boolean): ImageDelivery {
  const ref = c.image;
  if (ref.kind === "registry") return { kind: "registry", reference: ref.reference };
  const image = model.images.find((i) => i.name === ref.name)!;
  if (portable && image.registry !== undefined) return { kind: "registry", reference: image.registry };
  if (!portable && image.stream) return { kind: "stream-step", image };
  return { kind: atLeast(podmanOn(model.hosts, c.host).version, IMAGE_UNITS_SINCE) ? "image-unit" : "load-step", image };
}
