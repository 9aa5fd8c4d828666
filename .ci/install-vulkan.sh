#!/usr/bin/env bash
# Software Vulkan for the GPU kernel tests on a machine without a GPU: Mesa's lavapipe from Debian's
# <codename>-backports (Mesa 25 gives WebGPU an adapter; bookworm's own Mesa 22 gives none). The
# backports suite reuses the mirror of the machine's own Debian source entry, so no host is written
# here. Idempotent: does nothing when a new enough mesa-vulkan-drivers is installed.
set -euo pipefail

MIN_MESA="${REELTASTE_MIN_MESA:-24}"
installed="$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)"
if [ -n "$installed" ] && dpkg --compare-versions "$installed" ge "$MIN_MESA"; then
  echo "[vulkan] mesa-vulkan-drivers $installed already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
. /etc/os-release
codename="${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}"
suite="$codename-backports"
list=/etc/apt/sources.list.d/reeltaste-backports.sources

# The mirror URI of the entry that serves "<codename>" (not the security archive), from a deb822
# .sources file or a one-line sources.list.
mirror_uri() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && [ "$f" != "$list" ] || continue
    awk -v cn="$codename" '
      BEGIN { RS=""; FS="\n" }
      {
        uri=""; ok=0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uri=u[1] }
          if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == cn) ok=1 }
        }
        if (ok && uri != "") { print uri; exit }
      }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v cn="$codename" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { if ($(i+1) == cn) { print $i; exit } } }' "$f"
  done
}

uri="$(mirror_uri | head -n 1)"
[ -n "$uri" ] || { echo "[vulkan] no Debian source entry for $codename found in /etc/apt" >&2; exit 1; }
if [ ! -f "$list" ]; then
  echo "[vulkan] adding $suite from $uri"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    echo "Types: deb"
    echo "URIs: $uri"
    echo "Suites: $suite"
    echo "Components: main"
    [ -f "$keyring" ] && echo "Signed-By: $keyring"
  } | $SUDO tee "$list" >/dev/null
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -t "$suite" mesa-vulkan-drivers >/dev/null
echo "[vulkan] mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) installed"
