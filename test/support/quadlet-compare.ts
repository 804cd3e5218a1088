/**
 * Comparing the services quadlet generates from two sets of unit files (an imported folder and
 * what homelab-gen generated from the import). docs/import.md lists the normalisation.
 */
import { parseUnitFile } from "../../import/quadlet/unit-file.js";

/** Keys systemd reads once: the last line wins, so only the last one is compared. */
const SCALARS = new Set(["Description", "Type", "KillMode", "Delegate", "NotifyAccess", "SyslogIdentifier", "Restart", "TimeoutStopSec"]);

/** Keys whose value is a list of unit names: `WantedBy=a b` is `WantedBy=a` and `WantedBy=b`. */
const UNIT_LISTS = new Set(["WantedBy", "RequiredBy", "UpheldBy", "Alias", "Wants", "Requires", "After", "Before"]);

/**
 * One generated service as comparable lines: `[X-*]` sections (quadlet's copy of the source unit)
 * and `SourcePath=` dropped, comments dropped, the last line of single-value keys, a
 * `Description=` dropped when `keepDescription` is false (the generator always writes one, quadlet
 * otherwise leaves none), `/tcp` (podman's default protocol) dropped from published ports, unit
 * lists (`WantedBy=a b`) one name a line; lines compared as a sorted list (systemd reads the
 * lines of different keys in any order).
 */
export function comparableService(text: string, keepDescription: boolean): string[] {
  const entries = parseUnitFile(text).filter((e) => !e.section.startsWith("X-") && e.key !== "SourcePath" && (keepDescription || e.key !== "Description"));
  const lastOf = new Map<string, number>();
  entries.forEach((e, i) => lastOf.set(`${e.section}/${e.key}`, i));
  return entries
    .filter((e, i) => !SCALARS.has(e.key) || lastOf.get(`${e.section}/${e.key}`) === i)
    .flatMap((e) => (UNIT_LISTS.has(e.key) ? e.value.split(/\s+/).filter(Boolean).map((v) => ({ ...e, value: v })) : [e]))
    .map((e) => `[${e.section}] ${e.key}=${e.value.replace(/(--publish \S+)\/tcp\b/g, "$1")}`)
    .sort();
}
