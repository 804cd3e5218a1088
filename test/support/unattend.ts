/**
 * Reading answer files in tests: XPath with the unattend namespace bound to `u` and WMI's to `wcm`
 * (xmldom parses, the `xpath` package evaluates; xmllint checks well-formedness separately).
 */
import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";

const select = xpath.useNamespaces({ u: "urn:schemas-microsoft-com:unattend", wcm: "http://schemas.microsoft.com/WMIConfig/2002/State" });

/** An answer file's XPath reader: `texts(expr)` gives each matching node's text, `count(expr)` how many match. */
export function readAnswerFile(xml: string) {
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const nodes = (expr: string) => select(expr, doc as unknown as Node) as Node[];
  return {
    nodes,
    texts: (expr: string): string[] => nodes(expr).map((n) => (n.nodeType === 2 ? (n as Attr).value : (n.textContent ?? ""))),
    text: (expr: string): string => {
      const found = nodes(expr);
      if (found.length !== 1) throw new Error(`${expr}: expected one node, found ${found.length}`);
      const n = found[0]!;
      return n.nodeType === 2 ? (n as Attr).value : (n.textContent ?? "");
    },
    count: (expr: string): number => nodes(expr).length,
  };
}

/** The component `name` in pass `pass`, as an XPath. */
export const comp = (pass: string, name: string): string => `/u:unattend/u:settings[@pass='${pass}']/u:component[@name='${name}']`;
