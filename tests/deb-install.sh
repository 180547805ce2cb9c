#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package in a throw-away Debian root: builds it (packaging/build-deb.sh), makes a
# minimal root of this machine's Debian release with debootstrap, installs the package there with
# apt-get (which brings the Wireshark it depends on, and tshark), checks that tshark lists the plugin
# from the global plugin folder, that the Exchange profile and exch-report work, then removes the
# package and checks that every file it installed is gone. As root, with Debian's archive reachable
# (EXCH_DEB_MIRROR, default http://deb.debian.org/debian).
#   bash tests/deb-install.sh [--screenshot FILE]
# With --screenshot it also installs wireshark-qt in the root, as a new user would, and saves a picture
# of that user's first Wireshark with the Exchange profile (packaging/screenshots/debian-package.png).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
[ "$(id -u)" -eq 0 ] || { echo "deb-install: run as root (debootstrap, chroot)" >&2; exit 1; }
screenshot=''
if [ "${1:-}" = --screenshot ]; then screenshot=$(realpath -m "${2:?--screenshot FILE}"); fi

fail() { echo "deb-install: FAILED: $*" >&2; exit 1; }
deb=$(bash packaging/build-deb.sh | grep '^/.*\.deb$') || fail "the package did not build"
echo "package: $deb"
lintian_tags=$(lintian "$deb" 2>/dev/null | grep -E '^[EW]:' || true)
[ -z "$lintian_tags" ] || fail "lintian: $lintian_tags"

suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
. tests/debroot.sh
root=$(mktemp -d /tmp/exch-debroot-XXXXXX)
trap 'rm -rf "$root"' EXIT
make_root "$suite" "$root" || fail "debootstrap $suite"
cp "$deb" "$root/tmp/"
cp testdata/sample.pcapng "$root/tmp/"

# A user's first Wireshark on that system: wireshark-qt from the archive, a new account with no
# configuration, `wireshark -C Exchange` on the sample capture, on a private Xvfb inside the root.
first_wireshark() {   # first_wireshark PNG
  in_root apt-get install -y -q --no-install-recommends wireshark-qt fonts-dejavu-core xvfb xdotool imagemagick \
    pngquant >"$root.apt" 2>&1 || { tail -20 "$root.apt" >&2; fail "apt-get install wireshark-qt"; }
  rm -f "$root.apt"
  in_root useradd --create-home analyst
  cat >"$root/tmp/first-wireshark.sh" <<'SHOT'
set -eu
exec 3>/tmp/display
Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp >/tmp/xvfb.log 2>&1 &
xvfb=$!
exec 3>&-
for _ in $(seq 50); do [ -s /tmp/display ] && break; sleep 0.1; done
export DISPLAY=":$(cat /tmp/display)"
setpriv --reuid=analyst --regid=analyst --init-groups env -i PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY" \
  HOME=/home/analyst wireshark -C Exchange -r /tmp/sample.pcapng -g 30 >/tmp/wireshark.log 2>&1 &
wireshark=$!
win=$(timeout 60 xdotool search --sync --onlyvisible --name '^sample.pcapng$' | head -1)
xdotool windowmove --sync "$win" 0 0 windowsize --sync "$win" 1280 720
sleep 4                                    # dissection, -g and the first paint
import -window root /tmp/shot.png
pngquant --force --speed 1 --output /tmp/first-wireshark.png -- /tmp/shot.png
kill "$wireshark" "$xvfb"
SHOT
  in_root sh /tmp/first-wireshark.sh || { cat "$root/tmp/wireshark.log" >&2; fail "the screenshot of Wireshark"; }
  install -m 644 "$root/tmp/first-wireshark.png" "$1"
  echo "screenshot of the user's first Wireshark: $1"
}

in_root apt-get update -q >/dev/null
in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" tshark >"$root.apt" 2>&1 ||
  { tail -20 "$root.apt" >&2; fail "apt-get install of the package"; }
rm -f "$root.apt"
in_root dpkg -L wireshark-plugin-exch >"$root.files"
trap 'rm -rf "$root" "$root.files"' EXIT

echo "installed in a $suite root:"
in_root tshark -G plugins 2>/dev/null | grep -E '^exch\.so' || fail "tshark -G plugins does not list exch.so"
in_root tshark -G plugins 2>/dev/null | grep -q "^exch\.so.*/usr/lib/.*/wireshark/plugins/.*/epan/exch.so" ||
  fail "exch.so is not in the global plugin folder"
roles=$(in_root tshark -C Exchange -r /tmp/sample.pcapng -T tabs 2>/dev/null | cut -f7 | sort | uniq -c | tr -s ' ')
echo "tshark -C Exchange, the Role column of sample.pcapng:" $roles
grep -q "13 gc" <<<"$roles" || fail "the Exchange profile's Role column"
in_root exch-report --help | grep -q -- "--graph" || fail "exch-report on PATH"
[ -z "$screenshot" ] || first_wireshark "$screenshot"

in_root dpkg -r wireshark-plugin-exch >/dev/null || fail "dpkg -r"
left=$(while read -r f; do [ -d "$root$f" ] || [ ! -e "$root$f" ] || echo "$f"; done <"$root.files")
[ -z "$left" ] || fail "left after dpkg -r: $left"
! in_root tshark -G plugins 2>/dev/null | grep -q '^exch\.so' || fail "tshark still lists exch.so after dpkg -r"
echo "removed: no file of the package left, tshark lists no exch.so"
echo "deb-install: OK ($here/dist/$(basename "$deb"))"
