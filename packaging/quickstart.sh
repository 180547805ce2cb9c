#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Quick start: installs the dependencies, builds the plugin and shows the
# Exchange role of every frame of the bundled sample capture.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
cmake -S . -B build
cmake --build build -j"$(nproc)"

# tests/exchtest.py runs the stock tshark with build/plugin/exch.so loaded
# (as an unprivileged user when run as root: Wireshark ignores plugin folders for root).
python3 tests/exchtest.py -n -r testdata/sample.pcapng -o exch.role_details:TRUE -T fields -E separator=/t \
    -e frame.number -e ip.src -e ip.dst -e _ws.col.Protocol \
    -e exch.role -e exch.service -e exch.port -e exch.direction |
  awk -F'\t' 'BEGIN { printf "%5s  %-10s %-10s %-9s %-6s %-9s %5s  %s\n",
                       "frame", "source", "dest", "protocol", "role", "service", "port", "direction" }
              { printf "%5s  %-10s %-10s %-9s %-6s %-9s %5s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
