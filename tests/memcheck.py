#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""valgrind memcheck over the capture suite: all test captures are merged into
one file (mergecap -a) and dissected by the stock tshark with the plugin,
twice (-2) with a full tree and hex dump, under memcheck. Fails when any error
valgrind reports has a stack frame in the plugin (exch.so or its sources);
errors entirely inside Wireshark or its libraries are counted, not judged.

    python3 tests/memcheck.py
"""
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exchtest  # noqa: E402

OURS = re.compile(r"exch\.so|/plugin/(lib/)?[\w-]+\.c")


def merged_capture(box):
    sources = sorted(glob.glob(os.path.join(exchtest.TESTDATA, "real", "*.pcap")) +
                     glob.glob(os.path.join(exchtest.TESTDATA, "synthetic", "*.pcap")))
    out = os.path.join(box.data, "memcheck-all.pcap")
    subprocess.run(["mergecap", "-a", "-F", "pcap", "-w", out] + sources, check=True)
    os.chmod(out, 0o644)
    return out


def error_blocks(log):
    """valgrind's error reports: blocks that start with an error line and list a stack."""
    blocks, current = [], []
    for line in log.splitlines():
        text = re.sub(r"^==\d+== ?", "", line)
        if not text.strip():
            if current and any(t.lstrip().startswith(("at 0x", "by 0x")) for t in current):
                blocks.append(current)
            current = []
        else:
            current.append(text)
    return blocks


def main():
    box = exchtest.sandbox()
    if not exchtest.plugin_loaded():
        sys.exit("exch.so did not load into tshark")
    capture = merged_capture(box)
    log = os.path.join(box.home, "memcheck.log")
    wrapper = ["valgrind", "--tool=memcheck", "--num-callers=40", "--track-origins=yes", f"--log-file={log}"]
    proc = subprocess.run(box.command(["-n", "-2", "-V", "-x", "-r", capture], wrapper=wrapper),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    blocks = [b for b in error_blocks(text) if not b[0].startswith(("HEAP SUMMARY", "LEAK SUMMARY"))]
    ours = [b for b in blocks if any(OURS.search(line) for line in b)]
    summary = re.findall(r"ERROR SUMMARY: .*", text)
    print(f"tshark exit {proc.returncode}; {summary[-1] if summary else 'no summary'}; "
          f"{len(ours)} error(s) with a frame in the plugin")
    for block in ours:
        print("\n".join(block) + "\n")
    return 1 if ours or proc.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
