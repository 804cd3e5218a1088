/**
 * A lab's picture as plain data, before any diagram language: boxes (hosts) holding nodes, and
 * edges between nodes. to-dot.ts and to-mermaid.ts print the same picture, so the SVG and the
 * Mermaid file never disagree about what is in the lab.
 */
import type { DiagramKind } from "./style.js";

/** One thing in the lab: a VM, a network, a container... `lines` are the details under its title. */
export interface DiagramNode {
  /** Stable and derived from kind and name (`vm/DC01`), so renaming a VM changes only its lines. */
  readonly id: string;
  readonly kind: DiagramKind;
  readonly title: string;
  readonly lines: readonly string[];
}

/** A connection: a NIC (VM to network), a disk (VM to pool), an image or a podman network in use. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly lines: readonly string[];
  /** Drawn with an arrow (uses) or as a plain line (attached to). */
  readonly arrow: boolean;
  /** A secondary link (a VM's disk in its pool), drawn light so that network links stand out. */
  readonly faint?: boolean;
  /** The first line stands out (a static address, where the others say DHCP). */
  readonly strong?: boolean;
}

/** A machine drawn as an enclosing box. */
export interface DiagramBox {
  readonly id: string;
  readonly title: string;
  readonly lines: readonly string[];
  readonly nodes: readonly DiagramNode[];
}

export interface Diagram {
  readonly name: string;
  readonly boxes: readonly DiagramBox[];
  /** Things on no one machine: images (built by Nix, loaded wherever used), bridged networks spanning hosts. */
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** The kinds drawn, in legend order. */
  readonly legend: readonly DiagramKind[];
}
