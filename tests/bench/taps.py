#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the plugin's statistics tap (the "exch" tap) costs when no report asks
for it, and what each report costs when one does: instruction counts from
callgrind, no timing. Run by run-bench.sh --taps, or on its own:

    python3 tests/bench/taps.py [--hash-seed 1] [--keep-callgrind DIR]
                                [--compare-plugin EXCH.SO] FRAMES:CAPTURE

Workload (a) of measure.py (-q -z io,stat,0) runs under callgrind with the
stock tshark, with the stock tshark given measure.py's Decode As, with the
plugin, and with the plugin and each report (-z exch_roles,tree, exch_hosts,tree,
exch_firewall, exch_firewall,csv, exch_graph,dot): one run at a time, in
measure.py's sandbox, with its fixed hash seed. From the callgrind out file of
the plugin's run without a report it reads the calls into the plugin's tap
functions (calls and inclusive instructions, as the callers saw them), and adds
them up as a share of the plugin's cost (instructions with - stock) and of the
total. --compare-plugin runs (a) once more with another exch.so, e.g. a build
without the tap check in dissect_exch, for the instructions a call's
surroundings (call, test, branch in the caller) cost.

A benchmark, not a test: it asserts nothing about the numbers.
"""
import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))          # tests/, for exchtest
import exchtest  # noqa: E402
import measure  # noqa: E402

WORKLOAD = ["-q", "-z", "io,stat,0"]                # measure.py's workload (a)
REPORTS = ["exch_roles,tree", "exch_hosts,tree", "exch_firewall", "exch_firewall,csv", "exch_graph,dot"]
# Functions of exch.so that exist only for the tap and its reports. Per frame: the check
# (exch_stats_wanted), then, only when a report listens, the record (queue_for_statistics,
# inlined into dissect_exch at -O2, exch_evidence_shown) and the queueing (exch_stats_queue).
# Once per start: the tap's and the reports' registration.
TAP_FUNCTIONS = ["exch_stats_wanted", "queue_for_statistics", "exch_evidence_shown", "exch_stats_queue",
                 "exch_stats_register_tap", "exch_stats_register_trees", "exch_firewall_register",
                 "exch_graph_register"]

NAMED = re.compile(r"^\((\d+)\)(?: (.*))?$")


def calls_into(path, obj_suffix="/exch.so"):
    """{(caller, callee): [calls, inclusive]} for every call into a function of an object whose path
    ends with obj_suffix, read from a callgrind out file (a single part, events Ir only)."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    kinds = {"ob": "ob", "cob": "ob", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl", "cfl": "fl",
             "fn": "fn", "cfn": "fn"}

    def name(kind, value):
        m = NAMED.match(value)
        if not m:
            return value
        table = names[kinds[kind]]
        if m.group(2) is not None:
            table[m.group(1)] = m.group(2)
        return table[m.group(1)]

    arcs = {}
    ob = fn = cob = cfn = None
    pending = None                    # (callee object, callee, calls): the next line is the call's cost
    with open(path, errors="replace") as f:
        for line in f:
            if pending:
                callee_ob, callee, count = pending
                pending = None
                if callee_ob and callee_ob.endswith(obj_suffix):
                    arc = arcs.setdefault((fn, callee), [0, 0])
                    arc[0] += count
                    arc[1] += int(line.split()[-1])
                continue
            if line.startswith("events:") and line.split()[1:] != ["Ir"]:
                raise SystemExit(f"{path}: events other than Ir: {line.strip()}")
            key, sep, value = line.rstrip("\n").partition("=")
            if not sep or key not in kinds and key != "calls":
                continue
            if key == "calls":
                pending = (cob or ob, cfn, int(value.split()[0]))
                cob = cfn = None
            elif key == "ob":
                ob = name(key, value)
            elif key == "cob":
                cob = name(key, value)
            elif key == "fn":
                fn = name(key, value)
            elif key == "cfn":
                cfn = name(key, value)
            else:
                name(key, value)      # files: only their compression table matters
    return arcs


def tap_costs(arcs):
    """{function: (calls, inclusive)} for TAP_FUNCTIONS, and the sum of the calls into them from
    outside them (nothing counted twice), recursive calls left out."""
    per = {}
    for (caller, callee), (count, cost) in arcs.items():
        if callee in TAP_FUNCTIONS and caller != callee:
            c = per.setdefault(callee, [0, 0])
            c[0] += count
            c[1] += cost
    total = sum(cost for (caller, callee), (_, cost) in arcs.items()
                if callee in TAP_FUNCTIONS and caller not in TAP_FUNCTIONS)
    return per, total


def callgrind(cmd, out_file, stdout_path, err_path):
    """Runs cmd (valgrind inside the sandbox command); returns the Collected count."""
    with open(stdout_path, "wb") as out, open(err_path, "wb") as err:
        rc = subprocess.run(cmd, stdout=out, stderr=err).returncode
    with open(err_path, errors="replace") as f:
        text = f.read()
    found = re.search(r"Collected\s*:\s*(\d+)", text)
    if rc != 0 or not found:
        raise SystemExit(f"callgrind run failed (exit {rc}), see {err_path}")
    return int(found.group(1))


def pct(part, whole):
    return f"{100 * part / whole:.4f} %" if whole else "—"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("capture", metavar="FRAMES:CAPTURE")
    ap.add_argument("--hash-seed", type=int, default=1,
                    help="seed of the hash functions (tests/bench/fixed_random.c); 0: random")
    ap.add_argument("--keep-callgrind", metavar="DIR", help="keep the callgrind out files in DIR")
    ap.add_argument("--compare-plugin", metavar="EXCH.SO",
                    help="also run (a) with this exch.so (e.g. built without the tap check)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    frames, _, cap = args.capture.partition(":")
    if not cap:
        raise SystemExit(f"{args.capture}: expected FRAMES:CAPTURE")
    box = exchtest.sandbox()
    measure.check_setups(box)
    identity = measure.plugin_identity(box)
    measure.log(f"  {identity}")
    cap = os.path.abspath(cap)
    cap = cap if measure.world_readable(cap) else box.readable(cap)
    actual = measure.count_frames(cap)
    work = tempfile.mkdtemp(prefix="exch-taps-")
    os.chmod(work, 0o755)
    hashing = measure.fixed_hashing(args.hash_seed, work)
    keep = os.path.abspath(args.keep_callgrind) if args.keep_callgrind else work
    os.makedirs(keep, exist_ok=True)
    os.chmod(keep, 0o777)             # callgrind runs as nobody under root

    # (id, label, sandbox, plugin, tshark arguments after the capture)
    runs = [(side, f"(a) {title}", box, False, WORKLOAD + extra)
            for (side, _, extra), (_, title) in zip(measure.SIDES[1:], measure.BASELINES)]
    runs.append(("with", "(a) with the plugin", box, True, WORKLOAD))
    runs += [(f"with-{r.replace(',', '-')}", f"(a) + `-z {r}`", box, True, WORKLOAD + ["-z", r]) for r in REPORTS]
    compare = None
    if args.compare_plugin:
        saved = os.environ.get("EXCH_PLUGIN")
        os.environ["EXCH_PLUGIN"] = os.path.abspath(args.compare_plugin)
        compare = exchtest.Sandbox()
        if saved is None:
            del os.environ["EXCH_PLUGIN"]
        else:
            os.environ["EXCH_PLUGIN"] = saved
        runs.append(("compare", "(a) with the compared exch.so", compare, True, WORKLOAD))

    results = {}
    for rid, label, sb, plugin, extra in runs:      # one at a time: the machine's CPUs are shared
        out_file = os.path.join(keep, f"callgrind.{frames}.taps.{rid}.out")
        cmd = measure.with_valgrind(sb.command(measure.tshark_args(cap, extra), plugin=plugin,
                                               extra_env=hashing), out_file)
        stdout = os.path.join(work, f"{rid}.stdout")
        measure.log(f"  {frames:>8} {label}: callgrind started")
        ir = callgrind(cmd, out_file, stdout, os.path.join(work, f"{rid}.err"))
        arcs = calls_into(out_file) if plugin else {}
        results[rid] = (ir, measure.count_lines(stdout), tap_costs(arcs), cmd)
        measure.log(f"  {frames:>8} {label}: {ir:,} instructions")
    shutil.rmtree(work, ignore_errors=True)         # left in place for a look when a run failed

    p = print
    base_ir = results["without"][0]
    with_ir, _, (per, tap_total), _ = results["with"]
    plugin_cost = with_ir - base_ir
    p(f"Plugin: {identity}")
    p()
    p(f"Capture: {frames} frames asked, {actual:,} in the file. Callgrind, hash seed "
      f"{args.hash_seed or 'random'}, whole process (start-up included), one run each, in sequence.")
    p()
    p("No report asked (workload (a), `-q -z io,stat,0`):")
    p()
    p("| run | instructions | Δ vs stock | Δ per frame |")
    p("|---|---:|---:|---:|")
    for rid, label, _, _, _ in runs:
        if rid in ("without", "decode_as", "with", "compare"):
            ir = results[rid][0]
            p(f"| {label} | {ir:,} | {ir - base_ir:+,} | {(ir - base_ir) / actual:+,.1f} |")
    p()
    p(f"The plugin's cost: {plugin_cost:,} instructions (with - stock), "
      f"{with_ir - results['decode_as'][0]:,} against the Decode As baseline.")
    p()
    p("Calls into the tap's functions in the run with the plugin (inclusive instructions, as the callers "
      "saw them; a function that does not appear was not called):")
    p()
    p("| function | calls | inclusive instructions | per call | % of the plugin's cost | % of the total |")
    p("|---|---:|---:|---:|---:|---:|")
    for fn in TAP_FUNCTIONS:
        if fn in per:
            count, cost = per[fn]
            p(f"| `{fn}` | {count:,} | {cost:,} | {cost / count:,.1f} | {pct(cost, plugin_cost)} "
              f"| {pct(cost, with_ir)} |")
        else:
            p(f"| `{fn}` | 0 | 0 | — | 0 | 0 |")
    p(f"| all of them (calls from outside them) | | {tap_total:,} | | {pct(tap_total, plugin_cost)} "
      f"| {pct(tap_total, with_ir)} |")
    if compare:
        diff = with_ir - results["compare"][0]
        checks = per.get("exch_stats_wanted", [0])[0]
        p()
        p(f"Against the compared exch.so ({os.path.abspath(args.compare_plugin)}): {diff:+,} instructions"
          + (f", {diff / checks:+,.2f} per call of `exch_stats_wanted`" if checks else "")
          + f"; {pct(diff, plugin_cost)} of the plugin's cost, {pct(diff, with_ir)} of the total.")
    p()
    p("Each report asked for (workload (a) and the report):")
    p()
    p("| run | instructions | Δ vs (a) with the plugin | Δ % | Δ per frame | frames queued (`exch_stats_queue` calls) "
      "| the tap's functions, inclusive | output lines |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|")
    for rid, label, _, plugin, _ in runs:
        if rid != "with" and not rid.startswith("with-"):
            continue
        ir, lines, (rper, rtotal), _ = results[rid]
        queued = rper.get("exch_stats_queue", [0])[0]
        p(f"| {label} | {ir:,} | {ir - with_ir:+,} | {100 * (ir - with_ir) / with_ir:+.2f} % "
          f"| {(ir - with_ir) / actual:+,.1f} | {queued:,} | {rtotal:,} | {lines:,} |")
    p()
    p("The tap's functions: the calls into the functions of the first table (once a report listens, the record "
      "of a frame, `exch_evidence_shown`, and its queueing, `exch_stats_queue`); the rest of Δ is the record's "
      "lookup of the TCP conversation in Wireshark, Wireshark's tap and the report itself (its per-frame "
      "callback, its tables, its output).")
    p()
    p("Commands (the sandbox's; callgrind out files in "
      + (keep if args.keep_callgrind else "a temporary folder, removed") + "):")
    p()
    p("```sh")
    for rid, label, _, _, _ in runs:
        p(f"# {label}")
        p(shlex.join(results[rid][3]))
    p("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
