#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Measures the stock tshark with and without the exch plugin on benchmark captures.

    python3 tests/bench/measure.py [--reps 3] [--callgrind none|smallest|all]
                                   [--keep-callgrind DIR] FRAMES:CAPTURE...

tshark is run through tests/exchtest.py's sandbox (as root: as user nobody, with
a private WIRESHARK_PLUGIN_DIR that holds the stock plugins, plus exch.so for
the runs with the plugin), so the two setups differ by exch.so only.

Two baselines: the stock tshark, and the stock tshark given the Decode As that
makes it decode what the plugin decodes on ports stock Wireshark leaves raw
(DECODE_AS: LDAP on 379, 390 and 3269 after TLS, SMTP on 691), so that the
second one measures the plugin's overhead rather than the decoding it adds.

For every capture and workload: wall time (best of --reps, perf_counter around
the run, tshark start-up included), peak RSS (ru_maxrss of the child from
os.wait4: setpriv and env exec, so it is tshark's) and, where asked, the
instruction count from valgrind --tool=callgrind (the "Collected" total).
The markdown table and the exact commands go to stdout, progress to stderr.

This is a benchmark, not a test: it asserts nothing about the numbers.
"""
import argparse
import hashlib
import os
import re
import shlex
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in tests/, testdata/, fields/
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))          # tests/, for exchtest
import exchtest  # noqa: E402

DECODE_AS = ["-d", "tcp.port==379,ldap", "-d", "tcp.port==390,ldap", "-d", "tcp.port==691,smtp",
             "-d", "tls.port==3269,ldap"]
# (side, uses the plugin, extra arguments of the baseline)
SIDES = [("with", True, []), ("without", False, []), ("decode_as", False, DECODE_AS)]
BASELINES = [("without", "stock tshark"),
             ("decode_as", "stock tshark with the same Decode As (" + " ".join(DECODE_AS) + ")")]

# (id, description, arguments with the plugin, arguments of the baseline, note on the baseline)
WORKLOADS = [
    ("a", "plain read, dissect every frame (no tree shown)",
     ["-q", "-z", "io,stat,0"],
     ["-q", "-z", "io,stat,0"],
     "same command"),
    ("s", "summary read: one line per frame (tshark's default output)",
     [],
     [],
     "same command"),
    ("f", "plain read with -T fields (tshark builds the full tree)",
     ["-T", "fields", "-e", "frame.number"],
     ["-T", "fields", "-e", "frame.number"],
     "same command"),
    ("b", "display filter",
     ["-Y", 'exch.role == "gc"'],
     ["-Y", "tcp.port == 3268"],
     "exch.role is unknown without the plugin: the equivalent stock filter tcp.port == 3268"),
    ("c", "plugin fields",
     ["-T", "fields", "-e", "exch.role", "-e", "exch.server"],
     ["-T", "fields", "-e", "frame.number", "-e", "ip.dst"],
     "exch.* are unknown without the plugin: two stock fields, frame.number and ip.dst"),
]
VALGRIND = ["valgrind", "--tool=callgrind"]


def fixed_hashing(seed, work):
    """Environment for a callgrind run whose hash seeds are fixed (tests/bench/fixed_random.c), or {} for
    seed 0: GLib's random seeds make counts vary by up to 1 % between runs of the same command."""
    if not seed:
        return {}
    lib = os.path.join(work, "fixed_random.so")
    if not os.path.exists(lib):
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", lib, os.path.join(HERE, "fixed_random.c")], check=True)
        os.chmod(lib, 0o755)
    return {"LD_PRELOAD": lib, "EXCH_BENCH_SEED": str(seed)}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def world_readable(path):
    """True when user nobody can read path: every folder on the way is o+x and the file o+r."""
    path = os.path.abspath(path)
    if not os.stat(path).st_mode & 0o004:
        return False
    parent = os.path.dirname(path)
    while True:
        if not os.stat(parent).st_mode & 0o001:
            return False
        if parent == "/":
            return True
        parent = os.path.dirname(parent)


def tshark_args(capture, extra):
    return ["-n", "-r", capture] + list(extra)


def with_valgrind(cmd, out_file):
    """The sandbox command with valgrind put right before tshark (inside setpriv/env)."""
    i = cmd.index("tshark")
    return cmd[:i] + VALGRIND + [f"--callgrind-out-file={out_file}"] + cmd[i:]


def run(cmd, stdout_path):
    """Runs cmd once; returns (wall seconds, CPU seconds, peak RSS KiB, exit code, stderr text)."""
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode,
            err.decode(errors="replace"))


def count_frames(path):
    """Frames in a pcap or pcapng file (the generator writes pcap; tshark -w writes pcapng)."""
    with open(path, "rb") as f:
        head = f.read(24)
        if head[:4] == b"\x0a\x0d\x0d\x0a":                    # pcapng: count packet blocks
            endian = "<" if head[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
            f.seek(0)
            n = 0
            while True:
                block = f.read(8)
                if len(block) < 8:
                    return n
                kind, length = struct.unpack(endian + "II", block)
                if kind == 0x0A0D0D0A:                            # a new section may change byte order
                    endian = "<" if f.read(4) == b"\x4d\x3c\x2b\x1a" else ">"
                    length = struct.unpack(endian + "I", block[4:])[0]
                    f.seek(-4, os.SEEK_CUR)
                n += kind in (2, 3, 6)                            # packet, simple packet, enhanced packet
                f.seek(length - 8, os.SEEK_CUR)
        endian = "<" if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        n = 0
        while True:
            record = f.read(16)
            if len(record) < 16:
                return n
            f.seek(struct.unpack(endian + "I", record[8:12])[0], os.SEEK_CUR)
            n += 1


def count_lines(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 22):
            pass


def plugin_identity(box):
    """sha256 and build time of the exch.so the sandbox runs (its copy of the build's file)."""
    copy = os.path.join(box.with_plugin, box.version, "epan", "exch.so")
    with open(copy, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    built = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(os.stat(exchtest._plugin_path()).st_mtime))
    return f"exch.so sha256 {digest[:16]}…, built {built} ({exchtest._plugin_path()})"


def check_setups(box):
    if not exchtest.plugin_loaded():
        raise SystemExit("exch.so did not load into tshark from the sandbox")
    stock = exchtest.tshark(["-G", "plugins"], plugin=False)
    if any(line.startswith("exch.so") for line in stock.splitlines()):
        raise SystemExit("the baseline tshark loads an exch.so (installed globally?): it would not be a baseline")


def measure(args):
    box = exchtest.sandbox()
    check_setups(box)
    identity = plugin_identity(box)     # before a rebuild can change the file
    log(f"  {identity}")
    load_start = os.getloadavg()
    work = tempfile.mkdtemp(prefix="exch-bench-out-")
    os.chmod(work, 0o755)               # tshark runs as nobody under root and loads the preload from here
    hashing = args.hashing = fixed_hashing(args.hash_seed, work)
    captures = []
    for spec in args.captures:
        frames, _, path = spec.partition(":")
        if not path:
            raise SystemExit(f"{spec}: expected FRAMES:CAPTURE")
        path = os.path.abspath(path)
        captures.append((int(frames), path if world_readable(path) else box.readable(path)))
    captures.sort()
    smallest = captures[0][0]
    keep = os.path.abspath(args.keep_callgrind) if args.keep_callgrind else None
    if keep:
        os.makedirs(keep, exist_ok=True)
        os.chmod(keep, 0o777)          # callgrind runs as nobody under root

    rows, notes = [], []
    for frames, cap in captures:
        warm(cap)
        actual = count_frames(cap)
        for wid, desc, with_args, base_args, _ in selected(args):
            result = {"frames": frames, "actual": actual, "workload": wid, "desc": desc}
            sides = [(side, box.command(tshark_args(cap, (with_args if plugin else base_args) + extra),
                                        plugin=plugin))
                     for side, plugin, extra in SIDES]
            for rep in range(args.reps):
                # the setups alternate, and their order alternates too, against drift
                for side, cmd in (sides if rep % 2 == 0 else sides[::-1]):
                    out = os.path.join(work, f"{frames}-{wid}-{side}.out")
                    wall, cpu, rss, rc, err = run(cmd, out)
                    if rc != 0:
                        raise SystemExit(f"{shlex.join(cmd)}: exit {rc}\n{err}")
                    if err:
                        notes.append(f"{frames} ({wid}) {side}: tshark wrote to stderr: {err.strip()[:300]}")
                    result.setdefault(f"walls_{side}", []).append(wall)
                    result[f"wall_{side}"] = min(wall, result.get(f"wall_{side}", wall))
                    result[f"cpu_{side}"] = min(cpu, result.get(f"cpu_{side}", cpu))
                    result[f"rss_{side}"] = max(rss, result.get(f"rss_{side}", 0))
                    log(f"  {frames:>8} ({wid}) {side:7s} run {rep + 1}: {wall:7.2f} s wall, {cpu:7.2f} s CPU, "
                        f"{rss / 1024:7.1f} MiB, load {os.getloadavg()[0]:.2f}")
            for side, _ in sides:
                result[f"lines_{side}"] = count_lines(os.path.join(work, f"{frames}-{wid}-{side}.out"))
                walls = result[f"walls_{side}"]
                if len(walls) > 1 and max(walls) > 1.1 * min(walls):
                    notes.append(f"{frames} ({wid}) {side}: wall times spread over 10% "
                                 f"({', '.join(f'{w:.2f}' for w in walls)} s): another load on the machine?")
            rows.append(result)

    notes.insert(0, f"load average (1 min) {load_start[0]:.2f} before the timed runs, "
                    f"{os.getloadavg()[0]:.2f} after them ({os.cpu_count()} CPUs; tshark uses one)")
    do_callgrind = [f for f, _ in captures if args.callgrind == "all" or
                    (args.callgrind == "smallest" and f == smallest)]
    for frames, cap in captures:
        if frames not in do_callgrind:
            continue
        for wid, _, with_args, base_args, _ in selected(args):
            procs = {}
            for side, plugin, extra in SIDES:
                out_file = os.path.join(keep, f"callgrind.{frames}.{wid}.{side}.out") if keep else "/dev/null"
                cmd = with_valgrind(box.command(tshark_args(cap, (with_args if plugin else base_args) + extra),
                                                plugin=plugin, extra_env=hashing), out_file)
                err_path = os.path.join(work, f"{frames}-{wid}-{side}.callgrind.err")
                log(f"  {frames:>8} ({wid}) {side:9s} callgrind started")
                # Instruction counts do not depend on load: the setups run at once.
                procs[side] = (subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(err_path, "wb")),
                               err_path)
            for side, (proc, err_path) in procs.items():
                if proc.wait() != 0:
                    raise SystemExit(f"callgrind run failed, see {err_path}")
                with open(err_path, errors="replace") as f:
                    found = re.search(r"Collected\s*:\s*(\d+)", f.read())
                if not found:
                    raise SystemExit(f"no instruction count in {err_path}")
                row = next(r for r in rows if r["frames"] == frames and r["workload"] == wid)
                row[f"ir_{side}"] = int(found.group(1))
                log(f"  {frames:>8} ({wid}) {side:9s} callgrind: {int(found.group(1)):,} instructions")
    return captures, rows, notes, box, keep, identity


def selected(args):
    return [w for w in WORKLOADS if w[0] in args.workloads]


def fmt_ratio(a, b):
    return f"{a / b:.3f}" if a is not None and b else "—"


def table(rows, base):
    p = print
    p("| size | frames | workload | wall with (s) | wall baseline (s) | ratio | Δ µs/frame "
      "| CPU with (s) | CPU baseline (s) | ratio "
      "| peak MiB with | peak MiB baseline | ratio | instructions with | instructions baseline | ratio "
      "| Δ instr/frame |")
    p("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        n = r["actual"]
        irw, iro = r.get("ir_with"), r.get(f"ir_{base}")
        ir = (f"{irw:,} | {iro:,} | {fmt_ratio(irw, iro)} | {(irw - iro) / n:,.0f}" if irw is not None
              else "— | — | — | —")
        wall, cpu, rss = r[f"wall_{base}"], r[f"cpu_{base}"], r[f"rss_{base}"]
        p(f"| {r['frames']:,} | {n:,} | ({r['workload']}) {r['desc']} | {r['wall_with']:.2f} | {wall:.2f} "
          f"| {fmt_ratio(r['wall_with'], wall)} | {1e6 * (r['wall_with'] - wall) / n:+.2f} "
          f"| {r['cpu_with']:.2f} | {cpu:.2f} | {fmt_ratio(r['cpu_with'], cpu)} "
          f"| {r['rss_with'] / 1024:.1f} | {rss / 1024:.1f} | {fmt_ratio(r['rss_with'], rss)} "
          f"| {ir} |")
    p()


def report(captures, rows, notes, box, keep, identity, args):
    p = print
    p(f"Plugin: {identity}")
    p()
    for base, title in BASELINES:
        p(f"Against {title}:")
        p()
        table(rows, base)
    p(f"Wall time: best of {args.reps} runs, tshark start-up (plugin loading, registration) included. "
      "CPU: user + system time of tshark (ru_utime + ru_stime), best of the runs; less disturbed than wall "
      "time by other load on the machine. "
      "Peak: ru_maxrss of tshark, the largest of the runs. Instructions: valgrind --tool=callgrind, "
      "whole process (start-up included); — where callgrind was not run. "
      f"Hash seed of the callgrind runs: {args.hash_seed or 'random'} (tests/bench/fixed_random.c). "
      "Ratios are with/baseline; Δ per frame is (with - baseline) / frames. "
      "Size: frames asked of the generator; frames: frames in the capture.")
    p()
    p("Baselines (runs without the plugin):")
    for wid, _, _, _, note in selected(args):
        p(f"- ({wid}) {note}")
    p()
    p("Output lines (with / stock / stock with Decode As), a sanity check:")
    for r in rows:
        p(f"- {r['frames']:,} ({r['workload']}): {r['lines_with']:,} / {r['lines_without']:,} / "
          f"{r['lines_decode_as']:,}")
    if notes:
        p()
        p("Notes:")
        for note in notes:
            p(f"- {note}")
    p()
    p(f"Commands (the {captures[0][0]:,}-frame capture; other sizes differ by the capture path only):")
    p()
    p("```sh")
    cap = captures[0][1]
    for wid, _, with_args, base_args, _ in selected(args):
        for side, plugin, extra in SIDES:
            p(f"# ({wid}) {side}")
            p(shlex.join(box.command(tshark_args(cap, (with_args if plugin else base_args) + extra), plugin=plugin)))
    if any("ir_with" in r for r in rows):
        p("# callgrind: the same commands with valgrind before tshark, e.g.")
        out_file = os.path.join(keep, "callgrind.N.W.with.out") if keep else "/dev/null"
        p(shlex.join(with_valgrind(box.command(tshark_args(cap, selected(args)[0][2]), plugin=True,
                                               extra_env=args.hashing), out_file)))
    p("```")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("captures", nargs="+", metavar="FRAMES:CAPTURE")
    ap.add_argument("--reps", type=int, default=3, help="timed runs per command (best is kept)")
    ap.add_argument("--callgrind", choices=["none", "smallest", "all"], default="smallest",
                    help="captures to count instructions on (default: the smallest)")
    ap.add_argument("--workloads", default="asfbc", help="workloads to run, e.g. a (default: asfbc)")
    ap.add_argument("--hash-seed", type=int, default=1,
                    help="seed of the hash functions in callgrind runs (tests/bench/fixed_random.c); 0: random")
    ap.add_argument("--keep-callgrind", metavar="DIR",
                    help="write callgrind out files into DIR (for callgrind_annotate) instead of /dev/null")
    args = ap.parse_args(argv)
    # Leave through sys.exit on SIGTERM, so that the sandbox is removed (atexit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    captures, rows, notes, box, keep, identity = measure(args)
    report(captures, rows, notes, box, keep, identity, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
