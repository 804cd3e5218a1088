import { EXIT } from "../cli/exit.js";

/**
 * An expected failure: the CLI prints its message alone (no stack trace) and exits with its code.
 * Everything realize/ and the realize commands throw on purpose is one of these.
 */
export class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tool homelab-gen runs is missing, too old, or failed. */
export class ToolFailure extends Failure {
  constructor(message: string) {
    super(message, EXIT.tool);
  }
}

/** Wrong usage that only shows once the topology is loaded, e.g. an unknown `--host`. */
export class UsageFailure extends Failure {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** The topology or its files cannot be realized as they are (e.g. a host module nix would not see). */
export class SetupFailure extends Failure {
  constructor(message: string) {
    super(message, EXIT.invalid);
  }
}

/** `switch` would delete libvirt objects and nobody confirmed it. */
export class Refused extends Failure {
  constructor(message: string) {
    super(message, EXIT.refused);
  }
}

/** Ctrl-C or SIGTERM arrived; the child process was stopped before this was thrown. */
export class Interrupted extends Failure {
  constructor(what: string) {
    super(`interrupted: ${what} was stopped`, EXIT.interrupted);
  }
}
