import * as z from "./zod.js";

// distribution/reference's grammar, with the registry host required: Quadlet warns about short
// names, and podman resolves them through registries.conf, differently per distribution.
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REFERENCE = new RegExp(
  `^(?:localhost|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)(?::\\d+)?(?:/${COMPONENT})+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/**
 * A fully qualified image reference: registry host, repository, optional tag and digest.
 *
 * @example
 * registryReference.parse("docker.io/library/nginx:1.27");
 */
export const registryReference = z.string().check(
  z.regex(REFERENCE, {
    message: 'must be a fully qualified image reference with its registry, e.g. "docker.io/library/nginx:1.27"',
  }),
);
