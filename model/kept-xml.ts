import * as z from "./zod.js";
import { parseXml, XmlParseError } from "../syntax/xml/parse.js";
import type { XmlElement } from "../syntax/xml/ast.js";

/**
 * `libvirtXml`: libvirt XML elements kept as `homelab-gen import` read them, one element per
 * string. Parsed here, so malformed XML is a diagnostic at the resource's line.
 */
export const keptXml = z._default(
  z.array(
    z.pipe(
      z.string(),
      z.transform((text, ctx): XmlElement => {
        try {
          return parseXml(text);
        } catch (error) {
          const where = error instanceof XmlParseError && error.line !== undefined ? ` (line ${error.line} of the string)` : "";
          ctx.issues.push({ code: "custom", input: text, message: `libvirtXml: ${(error as Error).message}${where}` });
          return z.NEVER;
        }
      }),
    ),
  ),
  [],
);
