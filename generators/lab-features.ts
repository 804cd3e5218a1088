import type { Model } from "../model/model.js";

/** The lab runs Quadlet containers, container templates or periodic jobs: podman wiring and unit files are generated. */
export const runsContainers = (model: Model): boolean => model.containers.length > 0 || model.jobs.length > 0 || model.containerTemplates.length > 0;

/**
 * The lab has libvirt resources, so NixVirt is an input and `nixvirt/*.nix` are generated. A lab
 * of only containers and images leaves libvirt out; an empty lab keeps the NixVirt skeleton.
 */
export const runsLibvirt = (model: Model): boolean =>
  model.vms.length > 0 || model.networks.length > 0 || model.pools.length > 0 || (!runsContainers(model) && model.images.length === 0);
