#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time over a copy of its seed corpus. Fails on any finding; the
# crashing input is kept and printed: commit it under tests/fuzz/regressions/<target>/
# so that ctest replays it from then on.
#   bash tests/fuzz/run-fuzzers.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DEXCH_FUZZ=ON -DEXCH_PLUGIN=OFF -DEXCH_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

failed=0
for target in linkstate ldapmsg tables endpoints; do
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$target" "$work/corpus"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$build/tests/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1; then
    tail -40 "$work/log"
    echo "FINDING in fuzz_$target: $(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null)"
    failed=1
    continue
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/log"
  rm -rf "$work"
done
exit $failed
