#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the packaging scripts: ensure_packages WHO PACKAGE... installs, as root, the Debian
# packages of the list that are not installed; unprivileged, it names them and fails.
ensure_packages() {
  local who=$1 p missing=()
  shift
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || { echo "$who: missing packages (install as root): ${missing[*]}" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
