#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmarks the exch plugin's cost in the stock tshark: wall time, peak RSS and
# (callgrind) instruction counts, with and without the plugin, on generated
# captures. A script to run by hand, not a test (it is not registered in ctest).
#
#   bash tests/bench/run-bench.sh                     # 250000 500000 1000000 frames, callgrind on 250000
#   bash tests/bench/run-bench.sh 100000 200000       # other sizes (callgrind on the smallest)
#   bash tests/bench/run-bench.sh --quick             # smoke run: 50000 frames, no callgrind
#   bash tests/bench/run-bench.sh --callgrind-all     # callgrind on every size (slow: ~50x)
#   bash tests/bench/run-bench.sh --no-callgrind      # timings and memory only
#   bash tests/bench/run-bench.sh --keep-callgrind DIR   # keep callgrind out files for callgrind_annotate
#   bash tests/bench/run-bench.sh --reps N            # timed runs per command (default 3, best kept)
#   bash tests/bench/run-bench.sh --mix other         # captures of unrelated traffic only (or smtp:
#                                                     # ordinary mail on 25 only), see make-bench-capture.py
#   bash tests/bench/run-bench.sh --workloads af      # some of the workloads a s f b c (see measure.py)
#   bash tests/bench/run-bench.sh --plugin FILE       # measure this exch.so; build nothing
#   bash tests/bench/run-bench.sh --taps [N]          # the exch tap instead: callgrind on (a) without and with
#                                                     # each report, one capture (N frames, default 50000),
#                                                     # see taps.py; --keep-callgrind applies,
#                                                     # --compare-plugin FILE adds a run of (a) with FILE
#
# The markdown table and the commands go to stdout, progress to stderr.
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/../.."

sizes=()
callgrind=smallest
reps=3
mix=all
workloads=asfbc
keep=()
plugin=
taps=
compare=()
while (($#)); do
    case "$1" in
        --quick) sizes=(50000); callgrind=none ;;
        --callgrind-all) callgrind=all ;;
        --no-callgrind) callgrind=none ;;
        --keep-callgrind) keep=(--keep-callgrind "$(realpath -m "$2")"); shift ;;
        --reps) reps=$2; shift ;;
        --mix) mix=$2; shift ;;
        --workloads) workloads=$2; shift ;;
        --plugin) plugin=$(realpath "$2"); shift ;;
        --taps) taps=1 ;;
        --compare-plugin) compare=(--compare-plugin "$(realpath "$2")"); shift ;;
        -h|--help) sed -n '3,/^set /p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) [[ $1 =~ ^[0-9]+$ ]] || { echo "not a frame count: $1" >&2; exit 2; }
           sizes+=("$1") ;;
    esac
    shift
done
if [[ $taps ]]; then
    ((${#sizes[@]} <= 1)) || { echo "--taps measures one capture size" >&2; exit 2; }
    ((${#sizes[@]})) || sizes=(50000)
fi
((${#sizes[@]})) || sizes=(250000 500000 1000000)
seed=1

if [[ $plugin ]]; then
    [[ -f $plugin ]] || { echo "no such file: $plugin" >&2; exit 2; }
    export EXCH_PLUGIN=$plugin      # tests/exchtest.py copies it into the sandbox
else
    # Build the plugin if needed (configure first when there is no build folder yet).
    [[ -f build/CMakeCache.txt ]] || cmake -S . -B build >&2
    cmake --build build -j"$(nproc)" >&2
fi

# Captures in a world-readable folder: as root, tshark runs as user nobody and
# reads them in place (tests/exchtest.py copies files it cannot read).
tmp=$(mktemp -d /tmp/exch-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 755 "$tmp"

specs=()
for n in "${sizes[@]}"; do
    cap="$tmp/bench-$n.pcap"
    echo "+ python3 tests/bench/make-bench-capture.py --frames $n --seed $seed --mix $mix --out $cap" >&2
    python3 tests/bench/make-bench-capture.py --frames "$n" --seed "$seed" --mix "$mix" --out "$cap"
    chmod 644 "$cap"
    specs+=("$n:$cap")
done

echo "Machine: $(nproc) CPUs ($(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "$(free -g | awk '/^Mem:/ {print $2}') GiB), $(tshark --version 2>/dev/null | head -1 | sed 's/\.$//')," \
     "$(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Captures: \`python3 tests/bench/make-bench-capture.py --frames N --seed $seed --mix $mix --out bench-N.pcap\`" \
     "for N in ${sizes[*]}"
echo

if [[ $taps ]]; then
    PYTHONDONTWRITEBYTECODE=1 python3 tests/bench/taps.py "${keep[@]}" "${compare[@]}" "${specs[@]}"
    exit
fi
PYTHONDONTWRITEBYTECODE=1 python3 tests/bench/measure.py --reps "$reps" --callgrind "$callgrind" --workloads "$workloads" \
    "${keep[@]}" "${specs[@]}"
