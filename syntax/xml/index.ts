/**
 * XML element tree builders and the printer: the only way this project produces XML.
 * Example: `printXml(doc(["header"], el("pool", { type: "dir" }, [el("name", {}, ["homelab"])])))`.
 */
export * from "./ast.js";
export { escapeAttr, escapeText, printElement, printXml } from "./printer.js";
