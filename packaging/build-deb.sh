#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the Debian package of the plugin from this clone, for the Wireshark installed here:
#   bash packaging/build-deb.sh        -> dist/wireshark-plugin-exch_<version>_<arch>.deb
# As root it first installs the build dependencies it lacks with apt-get (unprivileged, it names
# them). The package is built with dpkg-buildpackage from a copy of the tracked files
# (packaging/debian as debian/), then checked with lintian (its tags are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

deps=(build-essential debhelper cmake pkgconf python3 libwireshark-dev libglib2.0-dev lintian fakeroot git)
. packaging/ensure-packages.sh
ensure_packages build-deb "${deps[@]}"

version=$(sed -n 's/^project(exch VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
work=$(mktemp -d /tmp/exch-deb-XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$work/wireshark-plugin-exch-$version
mkdir -p "$src"
# the files of the product (not the test data) that git tracks or would, as they are in the working tree
git ls-files -z --cached --others --exclude-standard -- CMakeLists.txt LICENSE README.md fields plugin packaging | tar --null -T - -cf - | tar -xf - -C "$src"
cp -r packaging/debian "$src/debian"
(cd "$src" && dpkg-buildpackage -b -us -uc --no-sign >"$work/build.log" 2>&1) ||
  { tail -40 "$work/build.log" >&2; echo "build-deb: dpkg-buildpackage failed" >&2; exit 1; }
mkdir -p dist
deb=$(ls "$work"/wireshark-plugin-exch_"$version"_*.deb)
cp "$deb" dist/
echo "$here/dist/$(basename "$deb")"
if command -v lintian >/dev/null; then
  lintian --info "$here/dist/$(basename "$deb")" || true
fi
