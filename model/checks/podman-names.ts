import { compareSource, problem, type Diagnostic, type Located } from "../diagnostic.js";
import type { Model } from "../model.js";
import { duplicates } from "./identity.js";

/**
 * Names within each kind, and the systemd service names they become: Quadlet turns `x.container`
 * into `x.service`, `x.volume` into `x-volume.service`, `x.network` into `x-network.service` and
 * `x.image` into `x-image.service`, and a job is `x.service` too, so `web-volume` (a container)
 * and `web` (a volume) would be one service.
 */
export function checkPodmanNames(model: Model): Diagnostic[] {
  const services: (Located & { kind: string; service: string })[] = [
    ...model.containers.map((r) => ({ ...r, kind: "container", service: `${r.name}.service` })),
    ...model.podmanVolumes.map((r) => ({ ...r, kind: "podman-volume", service: `${r.name}-volume.service` })),
    ...model.podmanNetworks.map((r) => ({ ...r, kind: "podman-network", service: `${r.name}-network.service` })),
    ...model.images.map((r) => ({ ...r, kind: "image", service: `${r.name}-image.service` })),
    ...model.jobs.map((r) => ({ ...r, kind: "job", service: `${r.name}.service` })),
  ];
  const byService = new Map<string, (typeof services)[number][]>();
  for (const s of services) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  // Reported at the later declaration, like duplicate names. Only a shared service is put in file
  // order: reading declaration sites costs a stack trace each.
  const clashes: Diagnostic[] = [];
  for (const group of byService.values()) {
    if (group.length < 2) continue;
    const [earlier, ...later] = [...group].sort(compareSource);
    for (const s of later) {
      if (s.kind !== earlier!.kind) clashes.push(problem(s.kind, s, `its systemd service ${s.service} is also the service of ${earlier!.kind} ${earlier!.name} (line ${earlier!.source.line})`));
    }
  }
  clashes.sort(compareSource);
  return [
    ...duplicates("image", model.images, (r) => r.name, "image name"),
    ...duplicates("container", model.containers, (r) => r.name, "container name"),
    ...duplicates("podman-volume", model.podmanVolumes, (r) => r.name, "podman volume name"),
    ...duplicates("podman-network", model.podmanNetworks, (r) => r.name, "podman network name"),
    ...duplicates("job", model.jobs, (r) => r.name, "job name"),
    ...clashes,
  ];
}
