/**
 * Directories libvirt needs before NixVirt runs: each dir pool's target and the lab's ISO folder.
 *
 * NixVirt's module helper defines and starts a pool but never builds it (`pool-build`), and
 * libvirt's dir backend refuses to start a pool whose target is missing, so on a fresh host the
 * pool, its volumes and every VM would fail. NixOS's `libvirtd-config.service` creates only the
 * folders for libvirt's own configuration (qemu/networks, nwfilter) under /var/lib/libvirt, no pool
 * directory (nixpkgs nixos/modules/virtualisation/libvirtd.nix).
 *
 * The directories are systemd-tmpfiles rules (`systemd.tmpfiles.settings`, nixpkgs
 * nixos/modules/system/boot/systemd/tmpfiles.nix): at boot systemd-tmpfiles-setup.service runs
 * before sysinit.target, so before libvirtd and nixvirt.service; on a switch that changes the rules
 * switch-to-configuration restarts systemd-tmpfiles-resetup.service (its restartTriggers name the
 * tmpfiles.d folder) through sysinit-reactivation.target, which it restarts before any other unit.
 *
 * Ownership and mode are the ones libvirt gives a directory it builds itself: the daemon's user
 * and group (root) and VIR_STORAGE_DEFAULT_POOL_PERM_MODE, 0711 (libvirt src/storage/storage_util.h
 * and virStorageBackendBuildLocal in storage_util.c). The ISO folder is 0755 like /var/lib/libvirt,
 * so the qemu user can reach the images libvirt relabels for it.
 */
import type { Model } from "../../model/model.js";
import { attrs, bind, str, type Entry } from "../../syntax/nix/ast.js";

/** One directory to create, with its owner and mode. */
export interface LibvirtDir {
  readonly path: string;
  readonly mode: "0711" | "0755";
}

/**
 * The directories the lab's libvirt objects need, pools first, each once; with `host`, only those
 * of the pools and VMs placed on that host (for a per-host module).
 */
export function libvirtDirs(model: Model, host?: string): LibvirtDir[] {
  const here = (r: { host?: string }) => host === undefined || r.host === host;
  const dirs = new Map<string, LibvirtDir>();
  for (const pool of model.pools.filter(here)) if (!dirs.has(pool.path)) dirs.set(pool.path, { path: pool.path, mode: "0711" });
  const usesIsoDir = model.vms.some((vm) => here(vm) && vm.installIso?.startsWith(`${model.lab.isoDir}/`));
  if (usesIsoDir && !dirs.has(model.lab.isoDir)) dirs.set(model.lab.isoDir, { path: model.lab.isoDir, mode: "0755" });
  return [...dirs.values()];
}

/** `systemd.tmpfiles.settings."homelab-gen-<lab>"`: a `d` rule per directory; nothing without any. */
export function libvirtDirsEntries(model: Model, host?: string): Entry[] {
  const dirs = libvirtDirs(model, host);
  if (dirs.length === 0) return [];
  const rules = dirs.map((d) => bind([d.path, "d"], attrs({ mode: str(d.mode), user: str("root"), group: str("root") })));
  return [bind(["systemd", "tmpfiles", "settings", `homelab-gen-${model.lab.name}`], attrs(rules))];
}
