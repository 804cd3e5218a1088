import type { ModelHost } from "../model/host.js";
import type { Model } from "../model/model.js";
import { checkLibvirt, describeLibvirt, type LibvirtCheck } from "./libvirt-check.js";
import { hasLibvirtObjects, modelOn } from "../generators/fleet/host-model.js";
import type { LogFile } from "../realize/log-file.js";
import { inPool } from "../deploy/pool.js";
import { libvirtUriOf } from "../deploy/ssh-target.js";

/** The deletion check of one host. */
export interface HostCheck {
  readonly host: string;
  readonly check: LibvirtCheck;
}

/**
 * What NixVirt would delete on each selected host that runs it, read with virsh over
 * `qemu+ssh://<targetHost>/system` against that host's own share of the topology, `parallel`
 * hosts at a time. A host without libvirt objects gets no NixVirt, so nothing of its is deleted.
 */
export async function checkFleetDeletions(
  model: Model,
  hosts: readonly ModelHost[],
  parallel: number,
  ctx: { env: NodeJS.ProcessEnv; log?: LogFile },
): Promise<HostCheck[]> {
  const withLibvirt = hosts.filter((h) => hasLibvirtObjects(modelOn(model, h.name)));
  const settled = await inPool(withLibvirt, parallel, async (h) => ({
    host: h.name,
    check: await checkLibvirt(modelOn(model, h.name), libvirtUriOf(h), "homelab-gen deploy runs it to list the libvirt objects each host's deploy would delete", ctx),
  }));
  return settled.map((s) => {
    if (s.status === "rejected") throw s.reason;
    return s.value;
  });
}

/** Each host's check as text: `host: ...` then its deletions. */
export const describeFleetChecks = (checks: readonly HostCheck[]): string[] =>
  checks.flatMap(({ host, check }) => describeLibvirt(check).map((line, i) => (i === 0 ? `${host}: ${line}` : line)));
