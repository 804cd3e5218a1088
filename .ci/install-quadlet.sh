#!/usr/bin/env bash
# Unpack Debian trixie's podman package to get a quadlet binary for offline validation.
#
# Usage: .ci/install-quadlet.sh            (installs into /opt/homelab-gen/podman-trixie)
#        QUADLET_HOME=/some/dir .ci/install-quadlet.sh
# Afterwards: $QUADLET_HOME/usr/libexec/podman/quadlet (tests find it there, or via $QUADLET).
#
# The package cannot be installed on bookworm (it needs a newer glibc), but its quadlet binary
# runs. The system's apt sources are never touched: a private sources file, lists directory and
# cache are used for one `apt-get update` + `apt-get download podman`, then `dpkg-deb -x`.
# Idempotent: exits immediately when the binary is already there and runs.
set -euo pipefail

DIR="${QUADLET_HOME:-/opt/homelab-gen/podman-trixie}"
QUADLET="$DIR/usr/libexec/podman/quadlet"
SUITE=trixie
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SYSTEM_SOURCES=/etc/apt/sources.list.d/debian.sources
FALLBACK_URI=http://deb.debian.org/debian

if [[ -x "$QUADLET" ]] && "$QUADLET" -version >/dev/null 2>&1; then
  exit 0
fi

# The machine's own Debian mirror: the first URI of a deb822 `URIs:` line that is not the
# security archive. Falls back to deb.debian.org.
mirror_uri() {
  local line uri
  if [[ -r "$SYSTEM_SOURCES" ]]; then
    while IFS= read -r line; do
      if [[ "$line" =~ ^URIs:[[:space:]]*(.*)$ ]]; then
        for uri in ${BASH_REMATCH[1]}; do
          if [[ "$uri" != *security* ]]; then
            printf '%s\n' "${uri%/}"
            return 0
          fi
        done
      fi
    done <"$SYSTEM_SOURCES"
  fi
  printf '%s\n' "$FALLBACK_URI"
}

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-quadlet: $tool not found" >&2; exit 1; }
done
if [[ ! -r "$KEYRING" ]]; then
  echo "install-quadlet: $KEYRING missing (install debian-archive-keyring)" >&2
  exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/install-quadlet.XXXXXX")"
trap 'rm -rf -- "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/download"
# apt downloads as the unprivileged _apt user when run as root; let it write there.
if [[ "$(id -u)" -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown -R _apt "$WORK/lists" "$WORK/cache" "$WORK/download"
fi

cat >"$WORK/trixie.sources" <<EOF
Types: deb
URIs: $(mirror_uri)
Suites: $SUITE
Components: main
Signed-By: $KEYRING
EOF

APT_OPTS=(
  -q
  -o "Dir::Etc::SourceList=$WORK/trixie.sources"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$WORK/lists"
  -o "Dir::Cache=$WORK/cache"
  -o Dir::Cache::pkgcache=
  -o Dir::Cache::srcpkgcache=
  -o Acquire::Languages=none
)

if ! apt-get "${APT_OPTS[@]}" update >"$WORK/update.log" 2>&1; then
  cat "$WORK/update.log" >&2
  echo "install-quadlet: apt-get update (private trixie config) failed" >&2
  exit 1
fi
if ! (cd "$WORK/download" && apt-get "${APT_OPTS[@]}" download podman) >"$WORK/download.log" 2>&1; then
  cat "$WORK/download.log" >&2
  echo "install-quadlet: apt-get download podman failed" >&2
  exit 1
fi

shopt -s nullglob
debs=("$WORK"/download/podman_*.deb)
shopt -u nullglob
if [[ ${#debs[@]} -ne 1 ]]; then
  echo "install-quadlet: expected one podman_*.deb, found ${#debs[@]}" >&2
  exit 1
fi

# Unpack next to the target and move into place, so an interrupted run leaves nothing half-done.
mkdir -p "$(dirname "$DIR")"
STAGE="$(mktemp -d "$(dirname "$DIR")/.podman-trixie.XXXXXX")"
trap 'rm -rf -- "$WORK" "$STAGE"' EXIT
dpkg-deb -x "${debs[0]}" "$STAGE"
chmod 755 "$STAGE"
rm -rf -- "$DIR"
mv -- "$STAGE" "$DIR"

if ! "$QUADLET" -version >/dev/null 2>&1; then
  echo "install-quadlet: $QUADLET does not run:" >&2
  "$QUADLET" -version >&2 || true
  exit 1
fi
