#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the plugin and runs the ctest suite against the Wireshark of other Debian releases, each in
# a throw-away root made with debootstrap:
#   bash tests/version-matrix.sh [SUITE...]      (default: trixie sid — Wireshark 4.4 and 4.6)
# As root, with Debian's archive reachable (EXCH_DEB_MIRROR, default http://deb.debian.org/debian).
# Prints one line per suite: the Wireshark version and the ctest result, and the tests skipped; exits 1
# when one failed. ../shared/captures and ../shared/seed, when they exist, are copied into the root for
# the tests that read them (EXCH_REQUIRE_SHARED is passed on).
# The copy of unstable can carry an expired Release file: apt runs with Check-Valid-Until=false.
set -uo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "version-matrix: run as root (debootstrap, chroot)" >&2; exit 1; }
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(trixie sid)
. tests/debroot.sh
packages=(cmake gcc make pkg-config python3 libwireshark-dev wireshark-dev tshark wireshark-common
          util-linux tcpreplay parallel graphviz ca-certificates openssh-server openssh-client)
results=()
status=0

run_suite() {   # run_suite SUITE ROOT: 0 when the suite built and passed
  local suite=$1 root=$2
  make_root "$suite" "$root" || { echo "debootstrap failed"; return 1; }
  mount -t proc proc "$root/proc"
  in_root apt-get -o Acquire::Check-Valid-Until=false update -q >"$root.log" 2>&1 &&
    in_root apt-get install -y -q --no-install-recommends "${packages[@]}" >>"$root.log" 2>&1 ||
    { tail -5 "$root.log"; echo "apt-get failed"; return 1; }
  mkdir -p "$root/src"
  git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$root/src"
  for part in captures seed; do          # what the tests read from ../shared, when it is there
    [ ! -d "../shared/$part" ] || { mkdir -p "$root/shared" && cp -r "../shared/$part" "$root/shared/"; }
  done
  in_root tshark --version | head -1
  in_root sh -c 'cd /src && cmake -S . -B build -DEXCH_WERROR=ON >/dev/null && cmake --build build -j"$(nproc)"' \
    >"$root.build" 2>&1 || { grep -E "error|Error" "$root.build" | head -20; echo "build failed"; return 1; }
  in_root sh -c 'cd /src && ctest --test-dir build -j"$(nproc)" 2>&1' >"$root.ctest"
  local rc=$?
  grep -E "tests passed|\*\*\*Failed|Failed  " "$root.ctest" | head -20
  grep -E ' \.\.\. skipped ' "$root/src/build/Testing/Temporary/LastTest.log" | sed 's/^/SKIPPED: /'
  return $rc
}

for suite in "${suites[@]}"; do
  root=$(mktemp -d "/tmp/exch-$suite-XXXXXX")
  echo "=== $suite"
  if run_suite "$suite" "$root"; then verdict=passed; else verdict=FAILED; status=1; fi
  version=$(chroot "$root" dpkg-query -W -f='${Version}' tshark 2>/dev/null || echo "?")
  summary=$(grep -E "tests passed" "$root.ctest" 2>/dev/null || echo "no ctest run")
  results+=("$suite: Wireshark $version: $verdict ($summary)")
  umount "$root/proc" 2>/dev/null
  [ -n "${EXCH_KEEP_ROOTS:-}" ] || rm -rf --one-file-system "$root" "$root.log" "$root.build" "$root.ctest"
done
printf '%s\n' "${results[@]}"
exit $status
