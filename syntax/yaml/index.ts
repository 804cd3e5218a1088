/** YAML printer (cloud-init seeds). Example: `printYaml(["Generated."], { users: [] }, { firstLine: "#cloud-config" })`. */
export { doubleQuoted, printYaml, type YamlValue } from "./printer.js";
