/**
 * The two kinds of single values in the units homelab-gen writes. Everything goes through
 * syntax/unit's escapers; these only name which rules apply.
 */
import { scalarValue } from "../syntax/unit/escape.js";

/** A Quadlet value that becomes a podman argument in `ExecStart=`: `%` and `$` are doubled. */
export const podmanArg = (value: string): string => scalarValue(value, { specifiers: true, variables: true });

/** A systemd value that resolves specifiers but not variables (`Description=`, `WantedBy=`, paths). */
export const systemdValue = (value: string): string => scalarValue(value, { specifiers: true });
