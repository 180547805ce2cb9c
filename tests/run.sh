#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the plugin with warnings as errors and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build -DEXCH_WERROR=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
