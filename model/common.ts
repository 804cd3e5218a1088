import * as z from "./zod.js";

// libvirt accepts more, but names also become file names, Nix attribute names and unit names.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A resource name libvirt, file systems and systemd all accept: no `/`, no `..`, no spaces. */
export const resourceName = z.string().check(
  z.refine((s) => NAME.test(s) && !s.includes(".."), {
    message: "name must be 1-63 characters of letters, digits, '.', '_' or '-', start with a letter or digit, and not contain '..' or '/'",
  }),
);

/** An absolute host path (kept a string: Nix path literals of host paths break pure flake evaluation). */
export const hostPath = z.string().check(
  z.refine((s) => s.startsWith("/") && !s.split("/").includes("..") && !s.includes("\0"), {
    message: "must be an absolute path without '..'",
  }),
);

/** Memory or storage size with a unit. */
export const size = z.strictObject({
  count: z.number().check(z.int("size must be a whole number"), z.positive("size must be greater than zero")),
  unit: z.enum(["B", "KiB", "MiB", "GiB", "TiB"]),
});

export const sourceLocation = z.object({ file: z.string(), line: z.number(), column: z.number() });

/** Converts sizes to MiB for comparisons. */
export const toMiB = (s: z.infer<typeof size>): number => s.count * { B: 1 / 1048576, KiB: 1 / 1024, MiB: 1, GiB: 1024, TiB: 1024 * 1024 }[s.unit];
