/**
 * Value escaping for systemd unit files and Podman Quadlet files. Every value that ends up in a
 * `.service`, `.timer`, `.container`, `.volume`, `.network`, ... file goes through this module.
 *
 * Rules (verified against quadlet 5.4.2 from Debian trixie and systemd 252; see
 * test/unit-escape.property.test.ts, which round-trips arbitrary strings through the real quadlet):
 *
 * Words (list keys: Quadlet `Environment=`, `Label=`, `Exec=`, `PodmanArgs=`, ..., systemd
 * `ExecStart=` arguments, `Environment=`):
 * - Quadlet and systemd split such values like `ExecStart=`: whitespace separates words,
 *   `"..."` / `'...'` quote, C escapes (`\\`, `\"`, `\n`, `\t`, `\xNN`, ...) are decoded.
 * - A word made only of printable ASCII other than space, `"`, `'` and `\` is written bare;
 *   anything else is wrapped in double quotes. Inside the quotes `\` -> `\\`, `"` -> `\"`,
 *   newline -> `\n`, tab -> `\t`, CR -> `\r`, other C0 controls and DEL -> `\xNN`; space, `'`
 *   and non-ASCII characters stay literal. A bare word never contains `\` and a quoted one ends
 *   in `"`, so a line never ends in a backslash (which would continue it onto the next line).
 * - `%` -> `%%` always: systemd resolves specifiers (`%n`, `%h`, ...) in every such word.
 * - `$` -> `$$` by default: systemd expands `$VAR`, `${VAR}` and `$$` in `ExecStart=`, and
 *   Quadlet copies its list values verbatim into the generated `ExecStart=`. systemd's own
 *   `[Service] Environment=` does NOT expand `$`; use `{ variables: false }` there (and for
 *   the executable, the first word of `ExecStart=`, which systemd resolves before expansion).
 *
 * Unrepresentable (these throw instead of being silently corrupted):
 * - NUL (U+0000): arguments and unit files are C strings.
 * - U+0080: quadlet decodes it, then re-escapes it as `\x80` in the generated `ExecStart=`,
 *   which systemd reads as the single raw byte 0x80 (invalid UTF-8). Other C1 controls pass.
 * - Lone UTF-16 surrogates: not encodable as UTF-8.
 * - The empty word: quadlet's splitter treats `""` as the end of the line and silently drops it
 *   and every word after it.
 * - The word `;` alone: quadlet re-emits it unquoted, and an unquoted `;` word separates
 *   commands in `ExecStart=`.
 *
 * Scalars (single-value keys, see {@link scalarValue}) are not unquoted or unescaped by either
 * tool, so they are written literally, with leading/trailing whitespace, trailing `\` and
 * leading/trailing `"` (quadlet 5.4.2 trims every `"` at either end of a single value) refused.
 */

/** Options for words. */
export interface WordOptions {
  /**
   * Double every `$` so that systemd's `$VAR` / `${VAR}` / `$$` expansion in `ExecStart=`
   * yields the literal text. Default `true` (right for every Quadlet list key and for
   * `ExecStart=` arguments). Set `false` for keys systemd does not expand, e.g. `[Service]
   * Environment=`, where `$$` would stay `$$`.
   */
  readonly variables?: boolean;
}

/** Options for single-value keys, see {@link scalarValue}. */
export interface ScalarOptions {
  /** The key resolves `%` specifiers (almost all systemd keys do): write `%` as `%%`. */
  readonly specifiers: boolean;
  /**
   * The value is copied into an `ExecStart=` command line, so `$` is expanded there: write it
   * as `$$`, and refuse the lone word `;` (a command separator). True for Quadlet keys that
   * become podman arguments (`ContainerName=`, `WorkingDir=`, `HostName=`, `Image=`, ...).
   * Default `false`.
   */
  readonly variables?: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function show(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);
}

function hex2(cp: number): string {
  return cp.toString(16).padStart(2, "0");
}

/** Throws for characters that no unit file can carry (NUL, U+0080, lone surrogates). */
function checkRepresentable(s: string, what: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) {
      throw new Error(`${what} ${show(s)} contains NUL, which cannot appear in a unit file value`);
    }
    if (c === 0x80) {
      throw new Error(
        `${what} ${show(s)} contains U+0080, which quadlet re-escapes as the raw byte \\x80 ` +
          `(corrupting it); it cannot be represented`,
      );
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new Error(`${what} ${show(s)} contains a lone UTF-16 surrogate (not valid Unicode)`);
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      throw new Error(`${what} ${show(s)} contains a lone UTF-16 surrogate (not valid Unicode)`);
    }
  }
}

function escapeInQuotes(ch: string): string {
  switch (ch) {
    case "\\":
      return "\\\\";
    case '"':
      return '\\"';
    case "\n":
      return "\\n";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
    default: {
      const cp = ch.codePointAt(0) ?? 0;
      return cp < 0x20 || cp === 0x7f ? `\\x${hex2(cp)}` : ch;
    }
  }
}

function isBareSafe(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x21 && cp <= 0x7e && ch !== '"' && ch !== "'" && ch !== "\\";
}

/**
 * Escapes one word of a space-separated list value (Quadlet `Exec=`, `PodmanArgs=`, `Label=`,
 * `Environment=` items, systemd `ExecStart=` arguments, ...) so that quadlet and systemd read
 * back exactly `s`. Bare when only safe printable ASCII, else double-quoted with C escapes;
 * `%` becomes `%%` and (unless `variables: false`) `$` becomes `$$`.
 * Throws for the unrepresentable cases listed in the module comment ("", ";", NUL, U+0080,
 * lone surrogates).
 *
 * @example
 * quoteWord("--memory=4g")      // => '--memory=4g'
 * quoteWord("hello world")      // => '"hello world"'
 * quoteWord('say "hi"\n')       // => '"say \\"hi\\"\\n"'
 * quoteWord("$HOME/%n")         // => '$$HOME/%%n'
 * quoteWord("$HOME", { variables: false }) // => '$HOME'
 */
export function quoteWord(s: string, opts: WordOptions = {}): string {
  const variables = opts.variables ?? true;
  if (s === "") {
    throw new Error(
      "an empty word cannot be represented: quadlet drops an empty \"\" word and every word after it",
    );
  }
  if (s === ";") {
    throw new Error(
      'the word ";" cannot be represented: quadlet writes it unquoted into ExecStart=, where it separates commands',
    );
  }
  checkRepresentable(s, "word");
  let body = "";
  let quoted = false;
  for (const ch of s) {
    if (ch === "%") {
      body += "%%";
    } else if (ch === "$") {
      body += variables ? "$$" : "$";
    } else if (isBareSafe(ch)) {
      body += ch;
    } else {
      quoted = true;
      body += escapeInQuotes(ch);
    }
  }
  return quoted ? `"${body}"` : body;
}

/**
 * Escapes each word with {@link quoteWord} and joins them with single spaces: the value of a
 * list key line. Throws for an empty list (an empty assignment would clear the key instead).
 *
 * @example
 * words(["/bin/sh", "-c", "echo $HOME"]) // => '/bin/sh -c "echo $$HOME"'
 */
export function words(list: readonly string[], opts: WordOptions = {}): string {
  if (list.length === 0) {
    throw new Error("words(): an empty list would be an empty assignment, which clears the key");
  }
  return list.map((w) => quoteWord(w, opts)).join(" ");
}

/**
 * Escapes a value for a single-value key (`Description=`, `ContainerName=`, `WorkingDir=`,
 * `OnCalendar=`, ...). Such values are taken literally (no unquoting, no C escapes), so instead
 * of escaping, anything that cannot survive is refused with an Error: the empty string, newlines
 * and other control characters except tab, leading/trailing whitespace (stripped by both
 * parsers), a trailing backslash (continues the line), a leading or trailing `"` (quadlet 5.4.2 strips
 * all of them from single values), NUL, U+0080, lone surrogates, and with `variables` the lone word `;`.
 *
 * Key classes:
 * - systemd keys that resolve specifiers (`Description=`, `Documentation=`, `WorkingDirectory=`,
 *   `OnCalendar=`, ...): `{ specifiers: true }` (`%` -> `%%`, `$` literal).
 * - Quadlet keys that become podman arguments in the generated `ExecStart=` (`ContainerName=`,
 *   `WorkingDir=`, `HostName=`, `Image=`, `User=`, ...): `{ specifiers: true, variables: true }`
 *   (`%` -> `%%`, `$` -> `$$`).
 * - keys read without any expansion: `{ specifiers: false }` (value written unchanged).
 *
 * @example
 * scalarValue("Web server (100% uptime)", { specifiers: true })          // => 'Web server (100%% uptime)'
 * scalarValue("/srv/$app", { specifiers: true, variables: true })       // => '/srv/$$app'
 * scalarValue("Mon *-*-* 03:00:00", { specifiers: false })              // => 'Mon *-*-* 03:00:00'
 * scalarValue("two\nlines", { specifiers: true })                       // throws
 */
export function scalarValue(s: string, opts: ScalarOptions): string {
  if (s === "") {
    throw new Error("scalar value is empty (an empty assignment resets the key; omit the line instead)");
  }
  if (/[\n\r\v\f\u2028\u2029\u0085]/.test(s)) {
    throw new Error(`scalar value ${show(s)} contains a line break; single-value keys cannot hold one`);
  }
  checkRepresentable(s, "scalar value");
  // eslint-disable-next-line no-control-regex
  const ctl = /[\u0001-\u0008\u000e-\u001f\u007f]/.exec(s);
  if (ctl) {
    throw new Error(
      `scalar value ${show(s)} contains control character \\x${hex2(ctl[0].charCodeAt(0))}; not allowed in a single-value key`,
    );
  }
  if (/^[\s\u0085]|[\s\u0085]$/u.test(s)) {
    throw new Error(`scalar value ${show(s)} has leading or trailing whitespace, which would be stripped`);
  }
  if (s.endsWith("\\")) {
    throw new Error(`scalar value ${show(s)} ends with a backslash, which would continue the line`);
  }
  if (s.startsWith('"') || s.endsWith('"')) {
    throw new Error(
      `scalar value ${show(s)} starts or ends with a double quote; Quadlet strips every leading and trailing "`,
    );
  }
  const variables = opts.variables ?? false;
  if (variables && s === ";") {
    throw new Error('scalar value ";" cannot be represented: in ExecStart= a lone ";" separates commands');
  }
  let out = s;
  if (opts.specifiers) out = out.replaceAll("%", () => "%%");
  if (variables) out = out.replaceAll("$", () => "$$");
  return out;
}

/**
 * One `NAME=value` word for Quadlet `Environment=` (or, with `{ variables: false }`, systemd's
 * `[Service] Environment=`). The name must match `[A-Za-z_][A-Za-z0-9_]*`; the value may be any
 * string representable by {@link quoteWord} (empty allowed).
 *
 * @example
 * envAssignment("GREETING", "hello world") // => '"GREETING=hello world"'
 * envAssignment("PATH_PREFIX", "$HOME/bin") // => 'PATH_PREFIX=$$HOME/bin'
 * envAssignment("1BAD", "x")                // throws
 */
export function envAssignment(name: string, value: string, opts: WordOptions = {}): string {
  if (!ENV_NAME.test(name)) {
    throw new Error(`invalid environment variable name ${show(name)}: must match [A-Za-z_][A-Za-z0-9_]*`);
  }
  return quoteWord(`${name}=${value}`, opts);
}

/**
 * One `key=value` word for Quadlet `Label=` / `Annotation=` (split at the first `=`). The key
 * must be non-empty and contain no `=`; the value may be any representable string.
 *
 * @example
 * labelAssignment("traefik.http.routers.web.rule", "Host(`x`) && PathPrefix(`/y`)")
 * // => '"traefik.http.routers.web.rule=Host(`x`) && PathPrefix(`/y`)"'
 */
export function labelAssignment(key: string, value: string): string {
  if (key === "" || key.includes("=")) {
    throw new Error(`invalid label key ${show(key)}: must be non-empty and contain no "="`);
  }
  return quoteWord(`${key}=${value}`);
}
