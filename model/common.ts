import * as z from "./zod.js";

// libvirt accepts more, but names also become file names, Nix attribute names and unit names.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A resource name libvirt, file systems and systemd all accept: no `/`, no `..`, no spaces. */
export const resourceName = z.string().check(
  z.refine((s) => NAME.test(s) && !s.includes(".."), {
    message: "name must be 1-63 characters of letters, digits, '.', '_' or '-', start with a letter or digit, and not contain '..' or '/'",
  }),
);

/** Control characters (C0 and DEL): no tool shows them, and several treat them as separators. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Rejects text with a control character (a tab, a newline, an escape), naming the first. */
export const noControlCharacters = z.superRefine<string>((s, ctx) => {
  const found = CONTROL.exec(s);
  if (found) ctx.addIssue({ code: "custom", input: s, message: `must not contain control characters (found U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})` });
});

/** An absolute host path (kept a string: Nix path literals of host paths break pure flake evaluation). */
export const hostPath = z.string().check(
  z.refine((s) => s.startsWith("/") && !s.split("/").includes(".."), {
    message: "must be an absolute path without '..'",
  }),
  noControlCharacters,
);

const UNIT_BYTES = { B: 1n, KiB: 2n ** 10n, MiB: 2n ** 20n, GiB: 2n ** 30n, TiB: 2n ** 40n } as const;

/**
 * The largest size libvirt parses, in bytes: `virMemoryMaxValue` (src/util/virutil.c) bounds memory
 * by `LLONG_MAX` on 64-bit hosts; it is also the largest Nix integer, which the generated files hold.
 */
const MAX_BYTES = 2n ** 63n - 1n;

/** Memory or storage size with a unit. */
export const size = z
  .strictObject({
    // Number.isInteger, not z.int: a count beyond 2^53 is whole, and too large, which the check below says.
    count: z.number().check(z.refine(Number.isInteger, "size must be a whole number"), z.positive("size must be greater than zero")),
    unit: z.enum(["B", "KiB", "MiB", "GiB", "TiB"]),
  })
  .check(
    z.superRefine((s, ctx) => {
      if (!Number.isInteger(s.count) || (Number.isSafeInteger(s.count) && BigInt(s.count) * UNIT_BYTES[s.unit] <= MAX_BYTES)) return;
      const count = BigInt(s.count).toString();
      ctx.addIssue({ code: "custom", input: s, message: `size ${count} ${s.unit} is more than libvirt and Nix can hold (2^63-1 bytes, ${MAX_BYTES / UNIT_BYTES[s.unit]} ${s.unit})` });
    }),
  );

export const sourceLocation = z.object({ file: z.string(), line: z.number(), column: z.number() });

/** Converts sizes to MiB for comparisons. */
export const toMiB = (s: z.infer<typeof size>): number => s.count * { B: 1 / 1048576, KiB: 1 / 1024, MiB: 1, GiB: 1024, TiB: 1024 * 1024 }[s.unit];
