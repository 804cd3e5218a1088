import type { ModelContainer } from "../container.js";
import { problem, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";
import { hostLabel, podmanOn } from "../podman.js";
import { atLeast } from "../podman-version.js";
import { quadletKeySince } from "../quadlet-keys.js";

/**
 * Container options that become a Quadlet key newer than 4.4. (Options with a spelling for every
 * release, such as memory limits or `Pull=never`, are written the way the host's podman reads.)
 * The generator refuses to write a key the target lacks, so an option missing here fails loudly.
 */
const OPTION_KEYS: readonly { readonly option: string; readonly key: string; readonly uses: (c: ModelContainer) => boolean }[] = [
  { option: "healthCheck", key: "HealthCmd", uses: (c) => c.healthCheck !== undefined },
  { option: "a podmanSecret(...) secret", key: "Secret", uses: (c) => c.secrets.some((s) => s.kind === "podman-secret") },
  { option: "autoUpdate", key: "AutoUpdate", uses: (c) => c.autoUpdate !== undefined },
  { option: "workingDir", key: "WorkingDir", uses: (c) => c.workingDir !== undefined },
];

/** Every Quadlet key a container needs exists in the podman its host targets. */
export const checkPodmanVersions = (model: Model): Diagnostic[] =>
  model.containers.flatMap((c) => versionProblems(c, model).map((m) => problem("container", c, m)));

/** The Quadlet keys `c` needs that its host's podman lacks, as messages. */
export function versionProblems(c: ModelContainer, model: Model): string[] {
  const target = podmanOn(model.hosts, c.host).version;
  const needed = [
    ...OPTION_KEYS.filter((o) => o.uses(c)).map((o) => ({ what: o.option, key: o.key })),
    ...Object.keys(c.raw.Container ?? {}).map((key) => ({ what: `raw key`, key })),
  ];
  return needed.flatMap(({ what, key }) => {
    const since = quadletKeySince("Container", key);
    return since !== undefined && !atLeast(target, since) ? [`${what} needs podman ${since} (Quadlet key ${key}=), but ${hostLabel(c.host)} targets podman ${target}`] : [];
  });
}
