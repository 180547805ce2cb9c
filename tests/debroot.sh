#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/deb-install.sh and tests/version-matrix.sh: a throw-away Debian root, from Debian's
# archive (EXCH_DEB_MIRROR, default http://deb.debian.org/debian), as root.

# make_root SUITE ROOT: a minimal root of the release SUITE in the folder ROOT, open to unprivileged users
# (the tests run tshark as nobody), with this machine's resolver; fails with debootstrap's last lines.
make_root() {
  local suite=$1 root=$2
  chmod 755 "$root"
  debootstrap --variant=minbase "$suite" "$root" "${EXCH_DEB_MIRROR:-http://deb.debian.org/debian}" \
    >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; return 1; }
  rm -f "$root.log"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}

# in_root COMMAND...: COMMAND in the root $root, with a clean environment.
in_root() {
  chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root DEBIAN_FRONTEND=noninteractive \
    EXCH_REQUIRE_SHARED="${EXCH_REQUIRE_SHARED:-}" "$@"
}
