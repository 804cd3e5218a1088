import type { ModelContainerTemplate } from "../container-template.js";
import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { hostLabel, podmanOn } from "../podman.js";
import { checkHost, referenceProblems } from "./containers.js";
import { duplicates } from "./identity.js";
import { versionProblems } from "./podman-versions.js";

/** The limits a template's command enforces: its own, else the host's. */
export const templateLimits = (t: ModelContainerTemplate, model: Pick<Model, "hosts">): { perUser?: number; total?: number } => {
  const host = podmanOn(model.hosts, t.host);
  const perUser = t.limits.perUser ?? host.maxContainersPerUser;
  const total = t.limits.total ?? host.maxContainers;
  return { ...(perUser !== undefined && { perUser }), ...(total !== undefined && { total }) };
};

/** A template's limits fit the host's, and leave room beside the containers the topology declares there. */
function limitProblems(t: ModelContainerTemplate, model: Model): string[] {
  const host = podmanOn(model.hosts, t.host);
  const found: string[] = [];
  if (t.limits.total !== undefined && host.maxContainers !== undefined && t.limits.total > host.maxContainers) {
    found.push(`limits.total ${t.limits.total} is above ${hostLabel(t.host)}'s podman.maxContainers ${host.maxContainers}`);
  }
  if (t.limits.perUser !== undefined && host.maxContainersPerUser !== undefined && t.limits.perUser > host.maxContainersPerUser) {
    found.push(`limits.perUser ${t.limits.perUser} is above ${hostLabel(t.host)}'s podman.maxContainersPerUser ${host.maxContainersPerUser}`);
  }
  const { total } = templateLimits(t, model);
  const declared = model.containers.filter((c) => c.host === t.host).length;
  if (total !== undefined && declared >= total) {
    found.push(`${hostLabel(t.host)} already runs ${declared} declared containers and allows ${total}: the command could never create one`);
  }
  return found;
}

/**
 * Container templates: host, image and networks as for a container (the template's container
 * goes through the same checks), Quadlet keys against the host's podman, limits, unique names.
 */
export const checkContainerTemplates = (model: Model): Diagnostic[] => [
  ...duplicates("container-template", model.containerTemplates, (t) => t.name, "container template name"),
  // Each command keeps its own claims: two on one host could hand out one name (one Tailscale
  // host name, one unit name) twice.
  ...model.containerTemplates
    .filter((t, i) => model.containerTemplates.findIndex((o) => o.host === t.host) !== i)
    .map((t) => problem("container-template", t, `${hostLabel(t.host)} already has a container template (line ${model.containerTemplates.find((o) => o.host === t.host)!.source.line}); a host has one`)),
  ...model.containerTemplates.flatMap((t) => [
    ...checkHost("container-template", t, model),
    ...[
      // Its home volume is made by the command, not declared in the lab.
      ...referenceProblems({ ...t.container, mounts: [] }, model),
      ...versionProblems(t.container, model),
      ...limitProblems(t, model),
    ].map((m) => problem("container-template", t, m)),
  ]),
];
