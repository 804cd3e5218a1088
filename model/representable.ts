/**
 * Schemas for strings that end up in unit files or Nix files. What a file can carry is decided
 * by the escapers in syntax/ (the one place that knows); these schemas ask them, so a value they
 * would refuse becomes a diagnostic at the user's line instead of a crash while generating.
 */
import * as z from "./zod.js";
import { noControlCharacters } from "./common.js";
import { assertNixText } from "../syntax/nix/ast.js";
import { psString } from "../syntax/powershell/quote.js";
import { shellQuote } from "../syntax/shell/quote.js";
import { quoteWord, scalarValue } from "../syntax/unit/escape.js";
import { unitFile } from "../syntax/unit/unit-file.js";
import { assertXmlChars } from "../syntax/xml/ast.js";

/** A string refined by an escaper that throws on values it cannot write. */
const acceptedBy = (escape: (s: string) => unknown) =>
  z.string().check(
    z.superRefine((s, ctx) => {
      try {
        escape(s);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  );

/** One word of a list value (`Exec=`, `PodmanArgs=`, an `ExecStart=` argument): not empty, no NUL, ... */
export const unitWord = acceptedBy((s) => quoteWord(s));

/** The value half of `NAME=value` in `Environment=` or `Label=` (may be empty). */
export const unitAssignedValue = acceptedBy((s) => quoteWord(`K=${s}`));

/** A single-value key such as `ContainerName=` or `HealthCmd=`: one line, no surrounding spaces. */
export const unitScalar = acceptedBy((s) => scalarValue(s, { specifiers: true, variables: true }));

/** A raw `Key=value` line's value, written as given: it only has to stay one line. */
export const unitLine = acceptedBy((s) => unitFile([{ name: "Raw", entries: [["Key", s]] }]));

/** Text of a Nix string literal (no NUL). */
export const nixText = acceptedBy((s) => assertNixText(s));

/** An environment variable name. */
export const envName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "environment variable names match [A-Za-z_][A-Za-z0-9_]*"));

/** An absolute path that is also a valid unit scalar. */
export const absolutePath = unitScalar.check(
  z.refine((p) => p.startsWith("/") && !p.split("/").includes(".."), {
    message: "must be an absolute path without '..'",
  }),
  noControlCharacters,
);

/** A word of a generated shell script (no NUL, valid Unicode). */
export const shellWord = acceptedBy((s) => shellQuote(s));

/** PowerShell string data (no NUL, valid Unicode). */
export const psText = acceptedBy((s) => psString(s));

/** XML character data: XML 1.0 characters only. */
export const xmlText = acceptedBy((s) => assertXmlChars(s));
