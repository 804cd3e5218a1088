import { callerLocation, type SourceLocation } from "./source.js";

/**
 * Something a topology declares: a network, a pool, a VM, an image... Every resource has a kind, a
 * name unique within its kind, and the place in the user's file where it was declared.
 *
 * @example
 * const net = myLab.network("lab-net", { subnet: "192.168.56.0/24" });
 * net.kind; // "network"
 * net.name; // "lab-net"
 */
export abstract class Resource<Kind extends string = string> {
  /** Where the user declared this resource. */
  readonly source: SourceLocation;

  protected constructor(
    readonly kind: Kind,
    readonly name: string,
    source?: SourceLocation,
  ) {
    this.source = source ?? callerLocation();
  }

  /** The plain data the model is built from: handles replaced by the names they stand for. */
  abstract toSpec(): Record<string, unknown>;
}

/** The name a handle stands for, or `undefined` when no handle was given. */
export const refName = (handle: { name: string } | undefined): string | undefined => handle?.name;
