/**
 * One word of a POSIX shell command line: bare when it has only characters no shell treats
 * specially, else single-quoted (inside single quotes nothing is special; a `'` is written `'\''`).
 * Used for the few shell lines homelab-gen writes (install.sh, image build commands); there is no
 * shell printer in syntax/ yet.
 *
 * @example
 * shellWord("/etc/containers/systemd"); // /etc/containers/systemd
 * shellWord("it's here");               // 'it'\''s here'
 */
export function shellWord(s: string): string {
  if (s.includes("\0")) throw new Error(`a shell word cannot contain NUL: ${JSON.stringify(s)}`);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
