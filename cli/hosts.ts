import type { ModelHost } from "../model/host.js";
import type { Model } from "../model/model.js";
import { UsageFailure } from "../realize/failure.js";

const names = (model: Model): string => model.hosts.map((h) => h.name).join(", ") || "none";

/** The host named by `--host`, or every host when none is named. */
export function selectHosts(model: Model, name: string | undefined): readonly ModelHost[] {
  if (name === undefined) return model.hosts;
  const host = model.hosts.find((h) => h.name === name);
  if (!host) throw new UsageFailure(`no host "${name}" in the topology (hosts: ${names(model)})`);
  return [host];
}

/** The host named by `--host`; without it, the topology's only host. */
export function selectHost(model: Model, name: string | undefined): ModelHost {
  if (name !== undefined) return selectHosts(model, name)[0]!;
  if (model.hosts.length === 1) return model.hosts[0]!;
  throw new UsageFailure(
    model.hosts.length === 0
      ? "the topology declares no host to switch (add one with lab.host(...))"
      : `the topology has several hosts; choose one with --host (hosts: ${names(model)})`,
  );
}
