#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs, from Debian's archive, what building and testing the plugin needs.
# Usage: bash packaging/install-deps.sh
set -euo pipefail

PACKAGES=(
  cmake gcc make pkg-config python3     # build, and the role-table generator
  libwireshark-dev wireshark-dev        # headers and WiresharkConfig.cmake
  tshark wireshark-common               # the tshark the tests load the plugin into; editcap, mergecap
  util-linux                            # setpriv: tests run tshark unprivileged
  clang libclang-rt-14-dev              # libFuzzer targets (tests/fuzz)
  valgrind                              # memcheck over the capture suite
  tcpreplay                             # tcprewrite: captures with rewritten client ports (tests)
  parallel                              # GNU parallel: packaging/exch-report over many captures
  openssh-server openssh-client         # exch-report --sshloginfile, tested against an sshd on 127.0.0.1
  graphviz                              # dot: renders -z exch_graph,dot (tests/test_graph.py)
  dpkg-dev debhelper fakeroot lintian git  # packaging/build-deb.sh
  debootstrap                           # the package's install test in a throw-away Debian root
)

if [ "$(id -u)" -ne 0 ]; then
  echo "run as root (apt-get install)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
