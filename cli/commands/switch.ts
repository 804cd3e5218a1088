import { modelOn, perHostLayout } from "../../generators/fleet/host-model.js";
import type { Model } from "../../model/model.js";
import { Refused, ToolFailure } from "../../realize/failure.js";
import { hostModules } from "../../realize/host-modules.js";
import { checkInstallMedia } from "../../realize/install-media.js";
import { libvirtUri } from "../../realize/libvirt-objects.js";
import { localNix } from "../../realize/nix-invoker.js";
import { activates, nixosRebuild, requireNixosRebuild, type Rebuild, type RebuildAction } from "../../realize/nixos-rebuild.js";
import { prepareFlake } from "../../realize/prepare-flake.js";
import type { Realizer } from "../../realize/realizer.js";
import { confirm, interactive } from "../confirm.js";
import { EXIT } from "../exit.js";
import { selectHost } from "../hosts.js";
import { checkLibvirt, describeLibvirt } from "../libvirt-check.js";
import { describeMedia } from "../media-check.js";
import { outputOptions, synthesizeAll } from "../pipeline.js";
import { terminalRealizer } from "../realizer.js";
import { writeGenerated } from "../write-generated.js";

/** Options of `homelab-gen switch`. */
export interface SwitchOptions {
  readonly host?: string;
  readonly targetHost?: string;
  readonly buildHost?: string;
  readonly sudo?: boolean;
  readonly action?: RebuildAction;
  readonly yes?: boolean;
  readonly connect?: string;
  readonly out?: string;
  readonly force?: boolean;
  /** `--diagram` / `--no-diagram`: topology.svg and topology.mmd or not; unset, as the output folder holds. */
  readonly diagram?: boolean;
}

/**
 * The deletion guard: NixVirt deletes every libvirt object not in the topology when the new
 * configuration activates. Lists them and goes on only with `--yes` or a yes at the prompt. When
 * the objects cannot be listed (no virsh, libvirt unreachable), going on also needs `--yes`.
 */
async function guardDeletions(model: Model, host: string, opts: SwitchOptions, ctx: Realizer): Promise<void> {
  const uri = libvirtUri(opts);
  // In a fleet the host's NixVirt lists hold only its own share.
  const share = perHostLayout(model) ? modelOn(model, host) : model;
  const check = await checkLibvirt(share, uri, "homelab-gen switch runs it to list the libvirt objects the switch would delete", ctx);
  if (!check.checked) {
    if (opts.yes) return void console.error(`warning: could not check what NixVirt would delete (--yes given, going on):\n${check.reason}`);
    throw new ToolFailure(`${check.reason}\nPass --yes to switch without knowing what NixVirt would delete.`);
  }
  if (check.deletions.length === 0) return;
  for (const line of describeLibvirt(check)) console.error(line);
  if (opts.yes) return;
  if (interactive() && (await confirm("Delete them and go on?", "homelab-gen switch"))) return;
  const n = check.deletions.length;
  throw new Refused(`not switching: ${n} libvirt object${n === 1 ? "" : "s"} would be deleted; pass --yes to delete and switch`);
}

/** Names the install ISOs the target host lacks before activation; their VMs will not start until they are there. */
async function warnMissingMedia(model: Model, host: string, opts: SwitchOptions, ctx: Realizer): Promise<void> {
  const lines = describeMedia(await checkInstallMedia(model, { ...opts, host }, ctx));
  if (lines.length > 0) console.error([`warning: ${lines[0]}`, ...lines.slice(1)].join("\n"));
}

/**
 * `homelab-gen switch FILE`: generate, check what NixVirt would delete, then
 * `nixos-rebuild ACTION --flake REF#HOST`. Nothing is written when the guard refuses.
 */
export async function switchCommand(file: string, opts: SwitchOptions): Promise<number> {
  const synthesis = await synthesizeAll(file, { ...outputOptions(opts), target: "nixos" });
  const { model, files, outDir } = synthesis;
  const rebuild: Rebuild = {
    action: opts.action ?? "switch",
    host: selectHost(model, opts.host).name,
    ...(opts.targetHost !== undefined && { targetHost: opts.targetHost }),
    ...(opts.buildHost !== undefined && { buildHost: opts.buildHost }),
    ...(opts.sudo !== undefined && { sudo: opts.sudo }),
  };
  const ctx = terminalRealizer("switch");
  requireNixosRebuild(rebuild, ctx.env);
  const nix = await localNix("homelab-gen switch runs it to lock and evaluate the generated flake", ctx);
  if (activates(rebuild.action)) {
    await guardDeletions(model, rebuild.host, opts, ctx);
    await warnMissingMedia(model, rebuild.host, opts, ctx);
  }
  await writeGenerated(synthesis, { force: opts.force ?? false, report: console.error });
  const { source } = await prepareFlake({ outDir, files: files.keys(), modules: hostModules(model) }, () => nix, ctx);
  await nixosRebuild(source, rebuild, ctx);
  console.error(`nixos-rebuild ${rebuild.action} of ${rebuild.host} done; full log: ${ctx.log.path}`);
  return EXIT.ok;
}
