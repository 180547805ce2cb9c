#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the plugin with AddressSanitizer and UndefinedBehaviorSanitizer and
# runs the whole ctest suite with it: the stock tshark gets the ASan runtime
# by LD_PRELOAD (tests/CMakeLists.txt), and any sanitizer report on tshark's
# stderr fails the test that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build-asan -DEXCH_SANITIZE=ON -DEXCH_WERROR=ON >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
