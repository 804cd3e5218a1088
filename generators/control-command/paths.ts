import type { ModelContainerTemplate } from "../../model/container-template.js";
import type { Model } from "../../model/model.js";

/**
 * The command a template becomes, e.g. `devbox-ctl`; generated as `bin/<command>`.
 *
 * @example
 * commandName({ name: "devbox" }); // "devbox-ctl"
 */
export const commandName = (t: Pick<ModelContainerTemplate, "name">): string => `${t.name}-ctl`;

/**
 * The command's shared state on the host: one file per container (owned by the account that made
 * it) and `<name>.stopped` stamps. Root-owned, group `t.group`, setgid and sticky (mode 3770), so
 * members add and remove only their own files.
 *
 * @example
 * stateDir(model, template); // "/var/lib/homelab-gen/devbox/devbox-ctl"
 */
export const stateDir = (model: Pick<Model, "lab">, t: Pick<ModelContainerTemplate, "name">): string =>
  `/var/lib/homelab-gen/${model.lab.name}/${commandName(t)}`;
