#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Capture-level fuzzing in the manner of Wireshark's tools/fuzz-test.sh: every
test capture is mutated with `editcap -E` (the first --offset bytes of each
frame, the link, IP and TCP headers, are kept intact) for many seeds, and
tshark with the plugin dissects each mutation with `-nVxr` and `-nr -2` under
WIRESHARK_DEBUG_WMEM_OVERRIDE=strict and WIRESHARK_ABORT_ON_DISSECTOR_BUG=1.
Any crash, dissector bug, sanitizer report, hang (--timeout) or tshark error
fails the run; the mutated capture is kept and its path printed.

    python3 tests/fuzz/capture_fuzz.py --seeds 3          # CI size
    python3 tests/fuzz/capture_fuzz.py --seeds 200        # a longer local run
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exchtest  # noqa: E402

ENV = {"WIRESHARK_DEBUG_WMEM_OVERRIDE": "strict", "WIRESHARK_ABORT_ON_DISSECTOR_BUG": "1"}
BAD_OUTPUT = ("dissector bug", "AddressSanitizer", "runtime error:", "Assertion", "CRITICAL", "ERROR")


def captures():
    found = []
    for pattern in ("real/*.pcap", "synthetic/*.pcap"):
        found += sorted(glob.glob(os.path.join(exchtest.TESTDATA, pattern)))
    return found


def mutate(source, seed, args, out):
    subprocess.run(["editcap", "-E", str(args.error_prob), "-o", str(args.offset), "--seed", str(seed),
                    source, out], check=True, capture_output=True)
    os.chmod(out, 0o644)


def dissect(box, path, timeout):
    """None when tshark dissected the file cleanly, else what went wrong."""
    for args in (["-nVxr", path], ["-nr", path, "-2"]):
        try:
            proc = subprocess.run(box.command(args, extra_env=ENV), capture_output=True, text=True,
                                  errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"tshark {' '.join(args)}: no result after {timeout} s"
        bad = [word for word in BAD_OUTPUT if word in proc.stderr]
        if proc.returncode != 0 or bad:
            return f"tshark {' '.join(args)}: exit {proc.returncode}, stderr: {proc.stderr[-2000:]}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--error-prob", type=float, default=0.02)
    parser.add_argument("--offset", type=int, default=54, help="bytes kept intact at the start of each frame")
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()

    box = exchtest.sandbox()
    if not exchtest.plugin_loaded():
        sys.exit("exch.so did not load into tshark")
    findings = os.path.join(tempfile.gettempdir(), "exch-capture-fuzz")
    os.makedirs(findings, exist_ok=True)
    runs = failures = 0
    for source in captures():
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            out = os.path.join(box.data, f"fuzz-{seed}-{os.path.basename(source)}")
            mutate(source, seed, args, out)
            problem = dissect(box, out, args.timeout)
            runs += 1
            if problem:
                failures += 1
                kept = shutil.copy(out, findings)
                print(f"FAIL {os.path.relpath(source, exchtest.TESTDATA)} seed {seed}: {problem}\n  kept: {kept}")
            os.remove(out)
    print(f"{runs} mutated captures dissected twice each, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
