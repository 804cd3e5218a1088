import type { ModelHost } from "../model/host.js";
import { UsageFailure } from "../realize/failure.js";

/** `*` and `?` as in Colmena's `--on` globs; everything else literal. */
const globRegex = (glob: string): RegExp => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);

/**
 * The hosts `--on` selects, in declaration order: a comma-separated list of host names, globs
 * (`hv*`) and tags (`@hypervisor`), any of which may match (as Colmena's `--on`). Without `--on`,
 * every host. A name, glob or tag that matches no host is a usage error listing what exists.
 *
 * @example
 * selectFleetHosts(model.hosts, "hv1,@rack"); // hv1 and every host tagged rack
 */
export function selectFleetHosts(hosts: readonly ModelHost[], on: string | undefined): ModelHost[] {
  if (hosts.length === 0) throw new UsageFailure("the topology declares no host to deploy (add one with lab.host(...))");
  if (on === undefined) return [...hosts];
  const terms = on.split(",").map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw new UsageFailure("--on needs host names, globs or @tags, separated by commas");
  const tags = [...new Set(hosts.flatMap((h) => h.tags))].sort();
  const chosen = new Set<string>();
  for (const term of terms) {
    const matches = term.startsWith("@")
      ? hosts.filter((h) => h.tags.includes(term.slice(1)))
      : hosts.filter((h) => globRegex(term).test(h.name));
    if (matches.length === 0) {
      throw new UsageFailure(
        term.startsWith("@")
          ? `--on ${term}: no host has tag "${term.slice(1)}" (tags: ${tags.join(", ") || "none"})`
          : `--on ${term}: no such host (hosts: ${hosts.map((h) => h.name).join(", ")})`,
      );
    }
    for (const h of matches) chosen.add(h.name);
  }
  return hosts.filter((h) => chosen.has(h.name));
}
