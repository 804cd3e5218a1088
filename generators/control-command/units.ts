import type { ModelContainer } from "../../model/container.js";
import type { ModelContainerTemplate } from "../../model/container-template.js";
import type { Model } from "../../model/model.js";
import { containerUnit } from "../quadlet/container.js";
import { volumeUnit } from "../quadlet/volume.js";
import { stateDir } from "./paths.js";

/** The Quadlet files `create` writes, named and filled with `{name}` and `{user}` still in them. */
export interface TemplateUnits {
  readonly container: { readonly file: string; readonly text: string };
  readonly volume?: { readonly file: string; readonly text: string };
  /** The podman env file holding the variables of the `--with-<flag>` options chosen at create. */
  readonly flagsFile?: string;
}

/**
 * The template's container as the command installs it: the same model as a declared container,
 * plus two lines only the command needs. A `<name>.stopped` stamp in the shared state keeps a
 * container stopped with `stop` from starting again at boot; the flags' env file sits beside the
 * unit (Quadlet resolves a relative `EnvironmentFile=` against the unit's directory).
 */
function installedContainer(model: Model, t: ModelContainerTemplate, flagsFile: string | undefined): ModelContainer {
  const c = t.container;
  const raw = c.raw;
  return {
    ...c,
    raw: {
      ...raw,
      Unit: { ...raw.Unit, ConditionPathExists: [...(raw.Unit?.["ConditionPathExists"] ?? []), `!${stateDir(model, t)}/{name}.stopped`] },
      ...(flagsFile !== undefined && { Container: { ...raw.Container, EnvironmentFile: [...(raw.Container?.["EnvironmentFile"] ?? []), flagsFile] } }),
    },
  };
}

/**
 * The units of a template, printed by the generators of declared containers and volumes.
 *
 * @example
 * templateUnits(model, template, false).container.file; // "{name}.container"
 */
export function templateUnits(model: Model, t: ModelContainerTemplate, portable: boolean): TemplateUnits {
  const flagsFile = t.flags.length > 0 ? "{name}.env" : undefined;
  return {
    container: { file: "{name}.container", text: containerUnit(model, installedContainer(model, t, flagsFile), portable) },
    ...(t.home !== undefined && { volume: { file: `${t.home.name}.volume`, text: volumeUnit(model, t.home, portable) } }),
    ...(flagsFile !== undefined && { flagsFile }),
  };
}
