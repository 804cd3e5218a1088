/**
 * `seeds/assemble.sh`, and the `media.sh` of each folder of install-media templates. The script,
 * the same for every lab and host, is run as root on the host before NixVirt (a systemd unit) or
 * by `apply.sh`, with a templates folder (`seeds/`, or a fleet host's `seeds/<host>/`). Its
 * `media.sh` says which secrets to read and which ISOs to build: the script reads each secret once
 * (a command such as `op read`, or a root-only file), copies each VM's template folder, replaces
 * the placeholders with the values escaped for the file they land in, and builds the VM's ISO with
 * xorriso, readable by the QEMU group only. An ISO whose content (secrets included) is unchanged
 * is left alone.
 */
import type { MediaSecret } from "../../model/vm-secret.js";
import { shellQuote, shellWords } from "../../syntax/shell/quote.js";

/** One ISO to build: the VM (its template folder's name) and the volume label. */
export interface SeedMedium {
  readonly vm: string;
  readonly label: string;
}

/** A Windows install ISO on the host and the name of its no-prompt copy in OUT_DIR. */
export interface NopromptMedium {
  readonly source: string;
  readonly name: string;
}

/** The media file each templates folder holds, which the script reads. */
export const MEDIA_FILE = "media.sh";

// Fixed part; shellcheck-clean (test/unattended-assemble.test.ts). Runs under LC_ALL=C, so the
// character classes below work on bytes: [[:cntrl:]] is 0x00-0x1F and 0x7F.
const PRELUDE = String.raw`set -euo pipefail
export LC_ALL=C

die() {
  printf 'assemble.sh: %s\n' "$*" >&2
  exit 1
}

if [ "$#" -ne 3 ]; then
  echo "usage: assemble.sh MEDIA_DIR OUT_DIR GROUP" >&2
  exit 2
fi
[ -f "$1/${MEDIA_FILE}" ] || die "$1/${MEDIA_FILE} not found: MEDIA_DIR is a folder of install-media templates"
here="$(cd -- "$1" && pwd)"
out_dir="$2"
group="$3"
for tool in xorriso sha256sum find sort xargs; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "assemble.sh: $tool not found; install xorriso (Debian/Ubuntu/Fedora: package xorriso)" >&2
    exit 127
  fi
done

# Nothing this script writes is readable by others: staging copies and stamps 0600, ISOs 0640.
umask 077
mkdir -p -- "$out_dir"
chgrp -- "$group" "$out_dir"
chmod 0750 -- "$out_dir"
staging="$(mktemp -d "$out_dir/.assemble.XXXXXX")"
trap 'rm -rf -- "$staging"' EXIT
# Same inputs, same ISO bytes (volume dates and file dates fixed: 2000-01-01).
export SOURCE_DATE_EPOCH=946684800

declare -A secret_values=()

# Keep a secret's value for the fill step. Control characters (line breaks included) are refused:
# no answer-file password or crypt hash has one, and each would need its own escape.
remember() {
  local key="$1" value="$2"
  if [ -z "$value" ]; then
    die "secret $key is empty"
  fi
  if [[ $value == *[[:cntrl:]]* ]]; then
    die "secret $key contains a control character (a line break?)"
  fi
  if [[ $value == *@HOMELAB_GEN_SECRET:* ]]; then
    die "secret $key contains a placeholder"
  fi
  secret_values["$key"]="$value"
}

# secret_from_command KEY ENV_FILE PROGRAM [ARG...]: the program's standard output, trailing
# newlines removed. ENV_FILE ('' for none) holds KEY=value lines exported to the program only
# (a service-account token for op, say).
secret_from_command() {
  local key="$1" env_file="$2" value
  shift 2
  if [ -n "$env_file" ]; then
    # shellcheck source=/dev/null
    value="$(set -a && . "$env_file" && set +a && "$@")" || die "secret $key: this command failed: $*"
  else
    value="$("$@")" || die "secret $key: this command failed: $*"
  fi
  remember "$key" "$value"
}

# secret_from_file KEY FILE: the file's content, trailing newlines removed.
secret_from_file() {
  local key="$1" file="$2" value
  value="$(cat -- "$file")" || die "secret $key: cannot read $file"
  remember "$key" "$value"
}

# Escapes set $escaped. XML character data and attribute values: the five predefined entities.
xml_escape() {
  escaped="$1"
  escaped="${"$"}{escaped//"&"/"&amp;"}"
  escaped="${"$"}{escaped//"<"/"&lt;"}"
  escaped="${"$"}{escaped//">"/"&gt;"}"
  escaped="${"$"}{escaped//"'"/"&apos;"}"
  escaped="${"$"}{escaped//'"'/"&quot;"}"
}

# Inside a YAML double-quoted scalar: backslash and double quote escaped; only printable ASCII is
# accepted (every crypt(3) hash is), so no line folding or Unicode escape is ever needed.
yaml_escape() {
  local key="$1"
  escaped="$2"
  if [[ $escaped == *[!\ -~]* ]]; then
    die "secret $key: a value in user-data must be printable ASCII (a crypt hash is)"
  fi
  escaped="${"$"}{escaped//"\\"/"\\\\"}"
  escaped="${"$"}{escaped//'"'/'\"'}"
}

# fill FILE FORMAT: replace every placeholder in FILE by its secret, escaped for FORMAT (xml, yaml;
# none: the file must hold no placeholder). Fails on a placeholder without a secret.
fill() {
  local file="$1" format="$2" content key placeholder escaped
  content="$(cat -- "$file" && printf x)"
  content="${"$"}{content%x}"
  for key in "${"$"}{!secret_values[@]}"; do
    placeholder="@HOMELAB_GEN_SECRET:$key@"
    if [[ $content != *"$placeholder"* ]]; then
      continue
    fi
    case "$format" in
      xml) xml_escape "${"$"}{secret_values[$key]}" ;;
      yaml) yaml_escape "$key" "${"$"}{secret_values[$key]}" ;;
      *) die "$file: a secret's placeholder in a file of no known format" ;;
    esac
    content="${"$"}{content//"$placeholder"/"$escaped"}"
  done
  if [[ $content == *@HOMELAB_GEN_SECRET:* ]]; then
    die "$file: a placeholder names a secret this script does not read"
  fi
  printf '%s' "$content" >"$file"
}

# fill_media VM: a copy of the VM's template folder in the staging folder, placeholders filled.
fill_media() {
  local vm="$1" work="$staging/$1" file
  cp -R -- "$here/$vm" "$work"
  chmod -R u+w,go-rwx -- "$work"
  while IFS= read -r -d '' file; do
    case "${"$"}{file##*/}" in
      *.xml) fill "$file" xml ;;
      user-data) fill "$file" yaml ;;
      *) fill "$file" none ;;
    esac
  done < <(find "$work" -type f -print0)
}

# build_iso VM LABEL: the VM's filled folder as OUT_DIR/VM.iso (0640, group GROUP), rebuilt only
# when the label, a file name or a file's content changed.
build_iso() {
  local vm="$1" label="$2"
  local work="$staging/$vm" iso="$out_dir/$vm.iso" stamp="$out_dir/$vm.iso.sha256" sum out
  sum="$({ printf 'label %s\n' "$label" && cd -- "$work" && find . -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum)"
  sum="${"$"}{sum%% *}"
  if [ -f "$iso" ] && [ -f "$stamp" ] && [ "$(cat -- "$stamp")" = "$sum" ]; then
    printf '%s: unchanged\n' "$vm"
    return 0
  fi
  # xorriso talks on stderr even when all is well: show it only when it fails.
  if ! out="$(xorriso -as mkisofs -quiet -o "$staging/$vm.iso" -V "$label" -J -r \
    --set_all_file_dates "=$SOURCE_DATE_EPOCH" "$work" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "xorriso could not build the ISO of $vm"
  fi
  chgrp -- "$group" "$staging/$vm.iso"
  chmod 0640 -- "$staging/$vm.iso"
  mv -f -- "$staging/$vm.iso" "$iso"
  printf '%s\n' "$sum" >"$stamp"
  printf '%s: built %s\n' "$vm" "$iso"
}

# noprompt_iso SOURCE NAME: OUT_DIR/NAME, a copy of the Windows install ISO SOURCE whose UEFI
# El Torito boot image is efisys_noprompt.bin instead of efisys.bin, so Setup starts without
# "Press any key to boot from CD or DVD". Windows media are UDF with an ISO 9660 stub holding only
# README.TXT (github.com/libarchive/libarchive/issues/1036 lists one), so xorriso cannot rebuild
# them; 7z reads the two files from the UDF tree, xorriso the
# boot catalog, and the copy gets the new image written over the old one in place (same size, and
# only when those bytes are efisys.bin's): the catalog, BIOS boot and file systems stay as they
# were. Rebuilt only when SOURCE's size, time or inode changes. A medium that does not fit gets a
# link to SOURCE instead: its VM asks for the key press as before.
noprompt_iso() {
  local src="$1" name="$2" out="$out_dir/$2" stamp="$out_dir/$2.source"
  local work="$staging/$2.d" tmp="$staging/$2" id lba size
  if [ ! -f "$src" ]; then
    printf '%s: %s not found; put it there and run this again\n' "$name" "$src" >&2
    return 0
  fi
  id="$(stat -L -c '%s %Y %i' -- "$src") $src"
  if [ -e "$out" ] && [ -f "$stamp" ] && [ "$(cat -- "$stamp")" = "$id" ]; then
    printf '%s: unchanged\n' "$name"
    return 0
  fi
  mkdir -- "$work"
  if ! 7z e -y -o"$work" -- "$src" efi/microsoft/boot/efisys.bin efi/microsoft/boot/efisys_noprompt.bin >/dev/null 2>&1 ||
    [ ! -f "$work/efisys.bin" ] || [ ! -f "$work/efisys_noprompt.bin" ]; then
    prompting_iso "$src" "$name" "$id" "no efi/microsoft/boot/efisys.bin and efisys_noprompt.bin on it"
    return 0
  fi
  lba="$(xorriso -indev "$src" -report_el_torito plain 2>/dev/null |
    awk '$1 == "El" && $3 == "boot" && $4 == "img" && $7 == "UEFI" { print $NF; exit }')"
  size="$(stat -c %s -- "$work/efisys.bin")"
  if [ -z "$lba" ] || [ "$(stat -c %s -- "$work/efisys_noprompt.bin")" != "$size" ] ||
    ! cmp -s -n "$size" -i "$((lba * 2048)):0" -- "$src" "$work/efisys.bin"; then
    prompting_iso "$src" "$name" "$id" "its UEFI boot image is not efisys.bin, or efisys_noprompt.bin differs in size"
    return 0
  fi
  cp --reflink=auto -- "$src" "$tmp"
  dd if="$work/efisys_noprompt.bin" of="$tmp" bs=2048 seek="$lba" conv=notrunc status=none
  cmp -s -n "$size" -i "$((lba * 2048)):0" -- "$tmp" "$work/efisys_noprompt.bin" || die "$name: writing the boot image failed"
  chgrp -- "$group" "$tmp"
  chmod 0640 -- "$tmp"
  mv -f -- "$tmp" "$out"
  printf '%s\n' "$id" >"$stamp"
  printf '%s: built %s from %s\n' "$name" "$out" "$src"
}

# prompting_iso SOURCE NAME ID WHY: OUT_DIR/NAME links to SOURCE, which keeps its key prompt.
prompting_iso() {
  printf '%s: %s: %s; the VM uses it as it is and waits for a key press at its first start\n' "$2" "$1" "$4" >&2
  ln -sfn -- "$1" "$out_dir/$2"
  printf '%s\n' "$3" >"$out_dir/$2.source"
}`;

/** The line that reads one secret. */
function readSecret(secret: MediaSecret): string {
  const s = secret.source;
  return s.kind === "file"
    ? `secret_from_file ${shellWords([secret.key, s.path])}`
    : `secret_from_command ${shellWords([secret.key, s.environmentFile ?? "", ...s.argv])}`;
}

const comments = (header: readonly string[]): string[] => header.map((l) => (l === "" ? "#" : `# ${l}`));

/**
 * The script: header, usage, the fixed functions, then the media file of the folder it is given.
 *
 * @example
 * assembleScript(["Generated."]) // #!/usr/bin/env bash ... . "$here/media.sh"
 */
export function assembleScript(header: readonly string[]): string {
  return [
    "#!/usr/bin/env bash",
    ...comments(header),
    "#",
    "# Assembles the install media of VMs from a folder of templates (seeds/, or seeds/<host>/ in a",
    `# fleet): ${MEDIA_FILE} there says which secrets to read (here, now) and which ISOs to build;`,
    "# each template's placeholders are replaced by the secrets' values and it becomes an ISO.",
    "# Run as root; the NixOS module runs it before NixVirt, apply.sh before virsh.",
    "# Usage: assemble.sh MEDIA_DIR OUT_DIR GROUP",
    `#   MEDIA_DIR  the templates folder, with its ${MEDIA_FILE}`,
    "#   OUT_DIR    where the ISOs go (created 0750), e.g. /var/lib/homelab-gen/<lab>/seeds",
    "#   GROUP      the group QEMU runs as: qemu-libvirtd (NixOS), libvirt-qemu (Debian), qemu (Fedora)",
    PRELUDE,
    "",
    `# shellcheck source=/dev/null`,
    `. "$here/${MEDIA_FILE}"`,
    `echo ${shellQuote("assemble.sh: done")}`,
    "",
  ].join("\n");
}

/**
 * A templates folder's media file, read by assemble.sh: one line per secret and per ISO.
 *
 * @example
 * mediaScript(["Generated."], [{ key: "lab.local/admin-password", source: { kind: "file", path: "/etc/lab/admin" } }], [{ vm: "DC01", label: "UNATTEND" }])
 */
export function mediaScript(
  header: readonly string[],
  secrets: readonly MediaSecret[],
  media: readonly SeedMedium[],
  installMedia: readonly NopromptMedium[] = [],
): string {
  return [
    ...comments(header),
    "# shellcheck shell=bash",
    "#",
    "# What assemble.sh builds from the templates next to this file; it reads this file, which runs",
    "# nothing by itself.",
    "",
    "# --- Secrets: read once; the values exist only in assemble.sh's process, in the staging copies",
    "# (0700, removed on exit) and in the ISOs.",
    ...secrets.map(readSecret),
    "",
    "# --- Media: every template filled first (a bad secret stops the script before any ISO",
    "# changes), then one ISO per VM.",
    ...media.map((m) => `fill_media ${shellQuote(m.vm)}`),
    ...media.map((m) => `build_iso ${shellWords([m.vm, m.label])}`),
    ...(installMedia.length === 0
      ? []
      : ["", "# --- Windows install ISOs without the key prompt (needs 7z: Debian p7zip-full, Fedora p7zip-plugins).", ...installMedia.map((m) => `noprompt_iso ${shellWords([m.source, m.name])}`)]),
    "",
  ].join("\n");
}
