import pc from "picocolors";
import type { Model } from "../model/model.js";
import { describeDeletion, wouldDelete, type Deletion } from "../realize/deletions.js";
import { ToolFailure } from "../realize/failure.js";
import { listLibvirt } from "../realize/libvirt-objects.js";
import type { LogFile } from "../realize/log-file.js";

/** What a switch would do to the libvirt objects at `uri`, or why that is unknown. */
export type LibvirtCheck =
  | { readonly uri: string; readonly checked: true; readonly deletions: readonly Deletion[] }
  | { readonly uri: string; readonly checked: false; readonly reason: string };

/** Lists libvirt's objects at `uri` and works out NixVirt's deletions; a virsh problem becomes `checked: false`. */
export async function checkLibvirt(
  model: Model,
  uri: string,
  purpose: string,
  ctx: { env: NodeJS.ProcessEnv; log?: LogFile },
): Promise<LibvirtCheck> {
  try {
    return { uri, checked: true, deletions: wouldDelete(model, await listLibvirt(uri, purpose, ctx)) };
  } catch (error) {
    if (error instanceof ToolFailure) return { uri, checked: false, reason: error.message };
    throw error;
  }
}

/** The check as text lines: each deletion on its own line. */
export function describeLibvirt(check: LibvirtCheck): string[] {
  if (!check.checked) return [`libvirt at ${check.uri}: not checked: ${check.reason}`];
  const n = check.deletions.length;
  if (n === 0) return [`libvirt at ${check.uri}: nothing would be deleted`];
  return [
    `libvirt at ${check.uri}: NixVirt would ${pc.red(pc.bold("DELETE"))} ${n} object${n === 1 ? "" : "s"} that ${n === 1 ? "is" : "are"} not in the topology:`,
    ...check.deletions.map((d) => `  ${describeDeletion(d)}`),
  ];
}
