#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Where the plugin's instructions go: the per-function difference of two
callgrind out files (kept by run-bench.sh --keep-callgrind DIR), read with
callgrind_annotate.

    python3 tests/bench/cgdiff.py DIR/callgrind.250000.a.with.out DIR/callgrind.250000.a.without.out
    python3 tests/bench/cgdiff.py --inclusive --grep 'exch|xlsa|lsa_' WITH.out WITHOUT.out

Exclusive counts (the default) show the functions that execute the extra
instructions; --inclusive shows whole call trees (the plugin's entry points).
Functions of stripped libraries appear as ???:0xADDRESS.
"""
import argparse
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(?:\*\s+)?(\S.*?)\s*$")


def functions(path, inclusive):
    out = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}",
                          "--threshold=100", "--auto=no", path],
                         capture_output=True, text=True, check=True).stdout
    counts, total, in_table = {}, None, False
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        value, name = int(m.group(1).replace(",", "")), m.group(2)
        if name.startswith("PROGRAM TOTALS"):
            total, in_table = value, True
            continue
        if in_table and ":" in name:
            counts[name] = counts.get(name, 0) + value
    return total, counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("with_plugin")
    ap.add_argument("without_plugin")
    ap.add_argument("--inclusive", action="store_true")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--grep", help="only functions matching this regular expression")
    ap.add_argument("--frames", type=int, help="also show the difference per frame")
    args = ap.parse_args(argv)
    total_w, with_ = functions(args.with_plugin, args.inclusive)
    total_wo, without = functions(args.without_plugin, args.inclusive)
    diff = {k: with_.get(k, 0) - without.get(k, 0) for k in set(with_) | set(without)}
    if args.grep:
        diff = {k: v for k, v in diff.items() if re.search(args.grep, k)}
    per = f" ({(total_w - total_wo) / args.frames:,.0f} per frame)" if args.frames else ""
    print(f"total: {total_w:,} with, {total_wo:,} without, difference {total_w - total_wo:+,}{per}")
    print(f"{'with - without':>16} {'with':>16}  function ({'inclusive' if args.inclusive else 'exclusive'})")
    for name, d in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:args.top]:
        print(f"{d:>+16,} {with_.get(name, 0):>16,}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
