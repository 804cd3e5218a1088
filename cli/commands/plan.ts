import { relative } from "node:path";
import pc from "picocolors";
import { selectFleetHosts } from "../../deploy/select.js";
import { libvirtUriOf } from "../../deploy/ssh-target.js";
import { modelOn, perHostLayout } from "../../generators/fleet/host-model.js";
import { checkInstallMedia, type MediaCheck } from "../../realize/install-media.js";
import { libvirtUri } from "../../realize/libvirt-objects.js";
import { diffPlan, foreignOutput, planWrite, type Conflict, type WritePlan } from "../../writer/index.js";
import { EXIT } from "../exit.js";
import { checkFleetDeletions, describeFleetChecks, type HostCheck } from "../fleet-guard.js";
import { checkLibvirt, describeLibvirt, type LibvirtCheck } from "../libvirt-check.js";
import { describeMedia } from "../media-check.js";
import { outputOptions, synthesizeAll } from "../pipeline.js";
import { reportWarnings } from "../warnings.js";

/** Options of `homelab-gen plan`. */
export interface PlanOptions {
  readonly out?: string;
  readonly diff?: boolean;
  readonly json?: boolean;
  readonly targetHost?: string;
  readonly connect?: string;
  /** `--diagram` / `--no-diagram`: topology.svg and topology.mmd or not; unset, as the output folder holds. */
  readonly diagram?: boolean;
  /** Fleet: the hosts to check (names, globs, @tags), as `deploy --on`. */
  readonly on?: string;
}

/** `plan --json`'s document. */
export interface PlanReport {
  readonly outDir: string;
  readonly files: Pick<WritePlan, "added" | "changed" | "removed" | "conflicts">;
  /** One libvirt (this machine, `--target-host` or `--connect`); unset for a fleet. */
  readonly libvirt?: LibvirtCheck;
  /** A fleet: each selected host's libvirt, over qemu+ssh to its targetHost. */
  readonly hosts?: readonly HostCheck[];
  /** The install ISOs each checked machine lacks (libvirt will not start their VMs). */
  readonly installMedia: readonly MediaCheck[];
  /** With `--diff`: the unified diff from the folder to what would be written (hand edits included). */
  readonly diff?: string;
  /** Set when the folder holds another topology's (or target's) output, which generating refuses to replace without --force. */
  readonly foreign?: string;
}

const CONFLICT: Record<Conflict["reason"], string> = {
  edited: "edited by hand; generating refuses to overwrite it without --force",
  unmanaged: "not written by homelab-gen; generating refuses to overwrite it without --force",
  "edited-removed": "no longer generated but edited by hand; generating keeps it unless --force",
};

/** The plan as text: the folder's counts, one line per file, the conflicts, then libvirt. */
function planText(report: PlanReport): string[] {
  const { added, changed, removed, conflicts } = report.files;
  const counts = [
    added.length && pc.green(`${added.length} added`),
    changed.length && pc.yellow(`${changed.length} changed`),
    removed.length && pc.red(`${removed.length} removed`),
  ].filter(Boolean);
  return [
    `${report.outDir}: ${counts.join(", ") || "up to date"}`,
    ...added.map((p) => `  + ${p}`),
    ...changed.map((p) => `  ~ ${p}`),
    ...removed.map((p) => `  - ${p}`),
    ...conflicts.map((c) => `  ! ${c.path}: ${CONFLICT[c.reason]}`),
    ...(report.foreign === undefined ? [] : [`  ! ${report.foreign}`]),
    ...(report.libvirt ? describeLibvirt(report.libvirt) : []),
    ...describeFleetChecks(report.hosts ?? []),
    ...report.installMedia.flatMap(describeMedia),
  ];
}

/**
 * `homelab-gen plan FILE`: what generating and switching would change, changing nothing: the
 * generated files added, changed and removed, the libvirt objects NixVirt would delete (on
 * each host of a fleet, over qemu+ssh), and the install ISOs the hosts lack.
 */
export async function planCommand(file: string, opts: PlanOptions): Promise<number> {
  const { model, files, outDir, warnings, target } = await synthesizeAll(file, outputOptions(opts));
  reportWarnings(warnings);
  const plan = planWrite(outDir, files);
  // A fleet is checked host by host, each against its own share, unless one libvirt is named.
  const fleet = perHostLayout(model) && opts.connect === undefined && opts.targetHost === undefined;
  const libvirt = fleet
    ? { hosts: await checkFleetDeletions(model, selectFleetHosts(model.hosts, opts.on), 10, { env: process.env }) }
    : { libvirt: await checkLibvirt(model, libvirtUri(opts), "homelab-gen plan runs it to list libvirt's domains, networks and pools", { env: process.env }) };
  const ctx = { env: process.env };
  const installMedia = fleet
    ? await Promise.all(
        selectFleetHosts(model.hosts, opts.on).map((h) =>
          checkInstallMedia(modelOn(model, h.name), { connect: libvirtUriOf(h), label: h.name }, ctx),
        ),
      )
    : [await checkInstallMedia(model, opts, ctx)];
  const foreign = foreignOutput(outDir, { topology: model.topology, target });
  const report: PlanReport = {
    outDir: relative(process.cwd(), outDir) || ".",
    files: { added: plan.added, changed: plan.changed, removed: plan.removed, conflicts: plan.conflicts },
    ...libvirt,
    installMedia,
    ...(opts.diff && { diff: diffPlan(outDir, files) }),
    ...(foreign !== undefined && { foreign }),
  };
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else console.log([...planText(report), ...(report.diff ? [report.diff.trimEnd()] : [])].join("\n"));
  return EXIT.ok;
}
