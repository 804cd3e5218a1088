/** Colours and shapes by kind, shared by the DOT and Mermaid renderings, and the legend's words. */
import type { MermaidShape } from "../../syntax/mermaid/index.js";

export type DiagramKind = "network" | "vm" | "vm-group" | "pool" | "image" | "container" | "container-template" | "podman-network" | "job";

export interface KindStyle {
  /** What the legend says. */
  readonly legend: string;
  readonly fill: string;
  readonly stroke: string;
  /** Graphviz node shape and style. */
  readonly dotShape: string;
  readonly dotStyle: string;
  readonly mermaidShape: MermaidShape;
}

/** Legend order too. Fills are light so that black text stays readable. */
export const KIND_STYLES: Readonly<Record<DiagramKind, KindStyle>> = {
  network: { legend: "libvirt network", fill: "#e3f2fd", stroke: "#1565c0", dotShape: "box", dotStyle: "rounded,filled,bold", mermaidShape: "stadium" },
  vm: { legend: "VM", fill: "#e8f5e9", stroke: "#2e7d32", dotShape: "box", dotStyle: "filled", mermaidShape: "box" },
  "vm-group": { legend: "VMs, counted", fill: "#f1f8e9", stroke: "#558b2f", dotShape: "box", dotStyle: "filled,dashed", mermaidShape: "subroutine" },
  pool: { legend: "storage pool and volumes", fill: "#fff3e0", stroke: "#e65100", dotShape: "cylinder", dotStyle: "filled", mermaidShape: "cylinder" },
  image: { legend: "OCI image (Nix-built or registry)", fill: "#f3e5f5", stroke: "#6a1b9a", dotShape: "note", dotStyle: "filled", mermaidShape: "subroutine" },
  container: { legend: "Podman container", fill: "#e0f7fa", stroke: "#00838f", dotShape: "box", dotStyle: "rounded,filled", mermaidShape: "round" },
  "container-template": { legend: "container template (its -ctl command)", fill: "#f0fbfc", stroke: "#00838f", dotShape: "box", dotStyle: "rounded,filled,dashed", mermaidShape: "round" },
  "podman-network": { legend: "podman network", fill: "#e8eaf6", stroke: "#283593", dotShape: "hexagon", dotStyle: "filled", mermaidShape: "hexagon" },
  job: { legend: "periodic job (systemd timer)", fill: "#fffde7", stroke: "#f9a825", dotShape: "box", dotStyle: "filled,diagonals", mermaidShape: "parallelogram" },
};

/** Host boxes. */
export const HOST_STYLE = { fill: "#fafafa", stroke: "#616161" } as const;

export const KIND_ORDER = Object.keys(KIND_STYLES) as DiagramKind[];
