/**
 * YAML printer for cloud-init files: the only place YAML text is produced. It delegates to the
 * `yaml` package with its YAML 1.1 schema, the one PyYAML (cloud-init's parser) reads: a string that
 * 1.1 would read as something else (`yes`, `on`, `0777`, `~`) is quoted. The options are fixed, so
 * the same value always prints the same bytes.
 *
 * test/yaml-printer.property.test.ts reads the output back with PyYAML.
 */
import { createRequire } from "node:module";
import type { Scalar } from "yaml";

type YamlLib = typeof import("yaml");
let loaded: YamlLib | undefined;
/**
 * The yaml package, loaded on first use (outside the CLI bundle, like ts-morph): most labs have no
 * cloud-init seed, and bundled it would add some 20 ms to every start.
 */
const yamlLib = (): YamlLib => (loaded ??= createRequire(import.meta.url)("yaml") as YamlLib);

/** A value the printer takes: JSON-like data, plus {@link doubleQuoted} strings. */
export type YamlValue = string | number | boolean | null | Scalar<string> | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

/**
 * A string always written in double quotes. Placeholders that a script later replaces with an
 * escaped secret need a known quoting context.
 *
 * @example
 * { hashed_passwd: doubleQuoted("@HOMELAB_GEN_SECRET:web/ops@") }
 */
export function doubleQuoted(value: string): Scalar<string> {
  const { Scalar } = yamlLib();
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/**
 * A YAML document: `firstLine` (e.g. `#cloud-config`, which cloud-init requires first), the header
 * lines as `#` comments, then the value. Keys keep their insertion order; `undefined` members are
 * left out; no anchors or aliases; long strings are not folded.
 *
 * @example
 * printYaml(["Generated."], { "instance-id": "iid-1" }) // "# Generated.\ninstance-id: iid-1\n"
 */
export function printYaml(header: readonly string[], value: YamlValue, opts: { readonly firstLine?: string } = {}): string {
  // The package's 1.1 schema would write the string `<<` as a merge key: drop that tag.
  const { Document, Scalar, visit } = yamlLib();
  const doc = new Document(value, {
    aliasDuplicateObjects: false,
    keepUndefined: false,
    version: "1.1",
    customTags: (tags) => tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:merge"),
  });
  // Two plain scalars mean something else to PyYAML than to that schema: `<<` (the merge key) and
  // `=` (the `!!value` type, which PyYAML's safe loader refuses). Quote them.
  visit(doc, {
    Scalar(_, node) {
      if (node.value === "<<" || node.value === "=") node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const body = doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, directives: false });
  const comments = header.map((line) => (line === "" ? "#" : `# ${line.replace(/\r\n?|\n/g, "\n# ")}`));
  return [...(opts.firstLine === undefined ? [] : [opts.firstLine]), ...comments, body].join("\n");
}
