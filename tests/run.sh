#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite:
#   1. build with -Werror; ctest: unit tests, replay of the fuzz corpora and
#      regressions, the tshark tests on every capture
#   2. the same ctest suite with the plugin built with ASan + UBSan
#   3. every libFuzzer target for 60 s (EXCH_FUZZ_SECONDS)
#   4. capture-level fuzzing: 3 editcap mutations of every capture
#   5. valgrind memcheck over the capture suite
#   6. the Debian package, built and installed in a throw-away Debian root (tests/deb-install.sh)
#   7. build and ctest against Wireshark 4.4 in a throw-away Debian 13 root (tests/version-matrix.sh trixie;
#      4.6, Debian unstable, is run by hand: it moves under the suite)
# --quick runs step 1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

# Tests a test program skipped (unittest prints "... skipped 'why'"): ctest
# counts their program as passed, so they are listed here, never silent.
report_skips() {
    local skips
    skips=$(grep -E ' \.\.\. skipped ' "$1/Testing/Temporary/LastTest.log" || true)
    if [ -n "$skips" ]; then
        printf 'SKIPPED: %d tests\n%s\n' "$(wc -l <<<"$skips")" "$skips"
    else
        echo "SKIPPED: none"
    fi
}

step "build and ctest"
cmake -S . -B build -DEXCH_WERROR=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
report_skips build
[ "${1:-}" = "--quick" ] && exit 0

step "ctest with ASan + UBSan"
bash tests/sanitize.sh

step "libFuzzer targets"
bash tests/fuzz/run-fuzzers.sh "${EXCH_FUZZ_SECONDS:-60}"

step "capture-level fuzzing"
python3 tests/fuzz/capture_fuzz.py --seeds 3

step "valgrind memcheck"
python3 tests/memcheck.py

step "Debian package in a throw-away Debian root"
bash tests/deb-install.sh

step "Wireshark 4.4 (Debian 13) in a throw-away root"
bash tests/version-matrix.sh trixie
