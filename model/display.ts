import * as z from "./zod.js";
import { isIpv4 } from "./ip.js";

/** Where SPICE or VNC listens unless told otherwise: the host only (reach it over SSH). */
export const DEFAULT_LISTEN = "127.0.0.1";

/**
 * What the DSL hands over for a VM's display. Without options: SPICE on 127.0.0.1 and a virtio
 * GPU without 3D, which runs on a headless host. `gl` gives the guest 3D acceleration through
 * virgl, which needs a DRM render node on the host and a local viewer (SPICE then listens on no
 * address, as NixVirt's templates do it), so it takes neither `listen` nor VNC.
 */
export const displayInput = z
  .strictObject({
    protocol: z._default(z.enum(["spice", "vnc"]), "spice"),
    listen: z.optional(z.string().check(z.refine(isIpv4, { message: "display.listen must be an IPv4 address such as 0.0.0.0 or 127.0.0.1" }))),
    gl: z._default(z.boolean(), false),
  })
  .check(
    z.refine((d) => !d.gl || (d.protocol === "spice" && d.listen === undefined), {
      message: "display.gl needs SPICE with a local viewer: it takes neither protocol \"vnc\" nor listen",
    }),
  );

/**
 * A VM's display, normalized: `listen` is null for GL (SPICE on no network address).
 *
 * @example
 * { protocol: "spice", listen: "127.0.0.1", gl: false } // the default
 */
export interface ModelDisplay {
  readonly protocol: "spice" | "vnc";
  readonly listen: string | null;
  readonly gl: boolean;
}

/** The display of a VM that names none: SPICE on {@link DEFAULT_LISTEN}, no 3D. */
const DEFAULT_DISPLAY: ModelDisplay = { protocol: "spice", listen: DEFAULT_LISTEN, gl: false };

/** The normalized display of the given input, or the default one. */
export const normalizeDisplay = (input: z.output<typeof displayInput> | undefined): ModelDisplay =>
  input === undefined ? DEFAULT_DISPLAY : { protocol: input.protocol, listen: input.gl ? null : (input.listen ?? DEFAULT_LISTEN), gl: input.gl };
