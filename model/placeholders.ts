// Container templates hold `{name}` and `{user}` in their strings; the generated command fills them
// in at `create`, after checking the values (see generators/control-command/).

/** The placeholders a template string may hold. */
export const PLACEHOLDERS = ["name", "user"] as const;

/** What the command accepts for `{name}`: a DNS label (it is also the Tailscale host name), 3-63 characters. */
export const CONTAINER_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The longest values the placeholders can take: `{user}` is a host account (at most 32 characters). */
const LONGEST = { name: "n".repeat(63), user: "u".repeat(32) } as const;

/**
 * Every `{...}` in the strings of `value` (searched through arrays and objects) that is not a
 * placeholder, in order, without repeats.
 *
 * @example
 * unknownPlaceholders({ env: { A: "{name}", B: "{host}" } }); // ["{host}"]
 */
export function unknownPlaceholders(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const [whole, inner] of v.matchAll(/\{([^{}]*)\}/g)) if (!(PLACEHOLDERS as readonly string[]).includes(inner!)) found.add(whole);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found];
}

/**
 * `text` with the placeholders filled in. The command does this in shell; here it gives the
 * longest text a template string can become, for checks.
 *
 * @example
 * fillPlaceholders("{name}-data", { name: "web", user: "alice" }); // "web-data"
 */
export const fillPlaceholders = (text: string, values: { readonly name: string; readonly user: string }): string =>
  text.replaceAll("{name}", values.name).replaceAll("{user}", values.user);

/** The longest form of a template string. */
export const longestFill = (text: string): string => fillPlaceholders(text, LONGEST);
