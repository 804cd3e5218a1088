/**
 * Helpers around the real XML tools: `xmllint` (libxml2-utils) to read values back with XPath, and
 * `virt-xml-validate` (libvirt-clients) to check files against libvirt's schemas. A missing tool
 * makes the calling test fail, never skip.
 */
import { spawnSync } from "node:child_process";
import { requireTool } from "./nix.js";

/** Separates the values of one batched XPath query; never part of a value the tests read. */
export const SEP = "\uE000";

/**
 * Evaluates XPath expressions against one file in a single `xmllint --xpath` run and returns each
 * one's string value (`string(expr)`), in order. Throws when the file is not well-formed.
 *
 * @example
 * xpathStrings("/tmp/net.xml", ["/network/name", "count(/network/ip)"]) // ["lab-net", "1"]
 */
export function xpathStrings(file: string, exprs: readonly string[]): string[] {
  if (exprs.length === 0) return [];
  requireTool("xmllint");
  const parts = exprs.flatMap((e, i) => (i === 0 ? [`string(${e})`] : [`"${SEP}"`, `string(${e})`]));
  // concat() needs two arguments at least.
  const query = `concat(${parts.length === 1 ? `${parts[0]}, ""` : parts.join(", ")})`;
  const r = spawnSync("xmllint", ["--nonet", "--xpath", query, file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`xmllint --xpath failed on ${file} (exit ${String(r.status)}):\n${r.stderr}`);
  // xmllint prints a string result followed by one newline.
  const out = r.stdout.endsWith("\n") ? r.stdout.slice(0, -1) : r.stdout;
  const values = out.split(SEP);
  if (values.length !== exprs.length) throw new Error(`expected ${exprs.length} values from xmllint, got ${values.length}`);
  return values;
}

/** One XPath string value. Example: `xpath(file, "/domain/name")`. */
export const xpath = (file: string, expr: string): string => xpathStrings(file, [expr])[0]!;

/** `xmllint --noout FILE`: whether the file is well-formed, with the parser's messages. */
export function wellFormed(file: string): { ok: boolean; output: string } {
  requireTool("xmllint");
  const r = spawnSync("xmllint", ["--nonet", "--noout", file], { encoding: "utf8" });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** libvirt schema names `virt-xml-validate` takes. */
export type LibvirtSchema = "domain" | "network" | "storagepool" | "storagevol";

/**
 * `virt-xml-validate FILE SCHEMA`: validates against libvirt's RelaxNG schema (libvirt 9.0 on
 * Debian bookworm). `ok` needs exit status 0.
 */
export function virtXmlValidate(file: string, schema: LibvirtSchema): { ok: boolean; output: string } {
  requireTool("virt-xml-validate");
  requireTool("xmllint");
  const r = spawnSync("virt-xml-validate", [file, schema], { encoding: "utf8" });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}
