# SPDX-License-Identifier: GPL-2.0-or-later
"""exch-report (packaging/exch-report): the firewall report over many captures
with GNU parallel, merged. The merge must equal one run over the captures
merged with mergecap, also where one endpoint's connections are split over two
captures; a capture tshark cannot read is named and the others still merged."""
import importlib.machinery
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

import exchtest
from exchtest import capture, tshark

SCRIPT = os.path.join(exchtest.SOURCE_DIR, "packaging", "exch-report")
WORK = tempfile.mkdtemp(prefix="exch-report-test-")


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def exch_report(*captures, jobs="2"):
    return subprocess.run([SCRIPT, "--plugin", exchtest._plugin_path(), "-j", jobs, *captures],
                          capture_output=True, text=True)


def without_peers(report):
    """[(the endpoint row without its peers column, peers)] of a CSV report."""
    rows = [line.split(",") for line in report.partition("\n\n")[0].splitlines()]
    return [(row[:6] + row[7:], int(row[6]) if row[6].isdigit() else row[6]) for row in rows[1:]]


def findings_without_frames(report):
    """The findings table without its first_frame column (a frame number of one capture)."""
    rows = [line.split(",", 6) for line in report.partition("\n\n")[2].splitlines()]
    return [row[:4] + row[5:] for row in rows]


def single_run(*captures):
    merged = os.path.join(WORK, "merged.pcap")
    subprocess.run(["mergecap", "-F", "pcap", "-w", merged, *captures], check=True)
    return tshark(["-r", merged, "-2", "-q", "-z", "exch_firewall,csv"])


class Report(exchtest.PluginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not shutil.which("parallel"):
            raise AssertionError("GNU parallel is not installed (packaging/install-deps.sh installs it)")

    def test_merge_equals_one_run_over_the_merged_captures(self):
        # frames 1-16 and 17-22 of the failures capture: 691 refused in the first part, accepted in the second
        first, second = os.path.join(WORK, "part1.pcap"), os.path.join(WORK, "part2.pcap")
        whole = capture("synthetic/firewall-failures.pcap")
        subprocess.run(["editcap", "-r", whole, first, "1-16"], check=True)
        subprocess.run(["editcap", "-r", whole, second, "17-22"], check=True)
        # the real firewall capture in two: 80 and 3268, then 691 (with its ICMP error), 389, 53 and 3269
        fw_first, fw_second = os.path.join(WORK, "fw1.pcap"), os.path.join(WORK, "fw2.pcap")
        subprocess.run(["editcap", "-r", capture("real/firewall-127.0.0.12.pcap"), fw_first, "1-14"], check=True)
        subprocess.run(["editcap", "-r", capture("real/firewall-127.0.0.12.pcap"), fw_second, "15-24"], check=True)
        captures = [first, second, capture("real/ldap-3268-gc.pcap"), capture("real/smtp-25-session.pcap"),
                    capture("synthetic/epm-learned-135.pcap"), capture("synthetic/rvp-80.pcap"), fw_first,
                    fw_second, capture("real/dns-53-failures.pcap"), capture("synthetic/cleartext-auth.pcap")]
        done = exch_report(*captures)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("10 of 10 captures merged", done.stderr)
        single_text = single_run(*captures)
        merged, single = without_peers(done.stdout), without_peers(single_text)
        self.assertEqual([row for row, _ in merged], [row for row, _ in single])
        # peers are summed over the parts: an upper bound of the distinct peers (192.0.2.100 reached 135 in
        # two of the captures, and 691 in both parts)
        self.assertTrue(all(m >= s for (_, m), (_, s) in zip(merged, single)))
        self.assertIn("open,192.0.2.10,tcp,691,lsa,port,2,2,1,8,432,", done.stdout)
        self.assertIn(",no,127.0.0.1,1,127.0.0.12/admin-prohibited\n", done.stdout)
        # the findings: the same rows; frame numbers are each capture's own
        self.assertEqual(findings_without_frames(done.stdout), findings_without_frames(single_text))
        self.assertEqual(len(findings_without_frames(done.stdout)), 1 + 5 + 1 + 3 + 2)
        self.assertIn("open,192.0.2.10,tcp,135,msrpc,port,2,", done.stdout)

    def test_a_capture_that_fails(self):
        bad = os.path.join(WORK, "not-a-capture.pcap")
        with open(bad, "w") as f:
            f.write("this is no capture\n")
        done = exch_report(capture("synthetic/firewall-failures.pcap"), bad)
        self.assertEqual(done.returncode, 1)
        self.assertIn(f"exch-report: {bad}: failed", done.stderr)
        self.assertIn("1 of 2 captures merged", done.stderr)
        self.assertEqual(done.stdout, tshark(["-r", capture("synthetic/firewall-failures.pcap"), "-2", "-q", "-z",
                                              "exch_firewall,csv"]))

    def test_output_file(self):
        out = os.path.join(WORK, "report.csv")
        done = subprocess.run([SCRIPT, "--plugin", exchtest._plugin_path(), "-o", out,
                               capture("synthetic/firewall-failures.pcap")], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(out) as f:
            self.assertEqual(f.read().splitlines()[0], "status,server,transport,port,role,basis,peers,connections,"
                                                       "failed,frames,bytes,first_seen,last_seen,encrypted,"
                                                       "opened_by,unreachable,unreachable_from")
        self.assertFalse(os.path.exists(out + ".part"))


class Graph(exchtest.PluginTestCase):
    """exch-report --graph: one graph of the captures that could be read."""

    def test_dot_equals_one_run_and_svg_renders(self):
        captures = [capture("synthetic/epm-learned-135.pcap"), capture("synthetic/rvp-80.pcap"),
                    capture("synthetic/greetings-143-110-119.pcap")]
        bad = os.path.join(WORK, "not-a-capture-either.pcap")
        with open(bad, "w") as f:
            f.write("no capture\n")
        dot, svg = os.path.join(WORK, "site.dot"), os.path.join(WORK, "site.svg")
        done = subprocess.run([SCRIPT, "--plugin", exchtest._plugin_path(), "-o", os.path.join(WORK, "g.csv"),
                               "--graph", dot, *captures, bad], capture_output=True, text=True)
        self.assertEqual(done.returncode, 1)                       # the bad one is named, the graph drawn
        merged = os.path.join(WORK, "graph-merged.pcap")
        subprocess.run(["mergecap", "-F", "pcap", "-w", merged, *captures], check=True)
        with open(dot) as f:
            self.assertEqual(f.read(), tshark(["-r", merged, "-2", "-q", "-z", "exch_graph,dot"]))
        done = subprocess.run([SCRIPT, "--plugin", exchtest._plugin_path(), "-o", os.path.join(WORK, "g.csv"),
                               "--graph", svg, *captures], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(svg) as f:
            text = f.read()
        self.assertIn("<svg", text)
        self.assertIn("192.0.2.10", text)
        self.assertFalse(os.path.exists(svg + ".part"))


class OtherMachines(exchtest.PluginTestCase):
    """--sshloginfile: the jobs run through ssh on another machine. Here that machine is an sshd of the
    test's own on 127.0.0.1 (its own host and client keys, root's login), on whose sessions' PATH an
    exch-report stands with the plugin "installed" (the sandbox's plugin folder); it notes each
    session's SSH_CONNECTION, so the test knows the jobs went through ssh."""

    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("starting an sshd for root's login needs root")
        if not (shutil.which("sshd") or os.path.exists("/usr/sbin/sshd")) or not shutil.which("ssh"):
            raise AssertionError("openssh-server/-client are not installed (packaging/install-deps.sh installs them)")
        self.dir = tempfile.mkdtemp(prefix="exch-ssh-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        for key in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.path(key)], check=True)
        shutil.copy(self.path("client_key.pub"), self.path("authorized_keys"))
        self.write_remote_command()
        port = self.start_sshd()
        with open(self.path("machines"), "w") as f:
            f.write(f"ssh -p {port} -i {self.path('client_key')} -o BatchMode=yes -o StrictHostKeyChecking=no "
                    f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1\n")
        self.port = port

    def path(self, name):
        return os.path.join(self.dir, name)

    def write_remote_command(self):
        os.mkdir(self.path("bin"))
        # a sanitizer build (tests/sanitize.sh) needs its runtime and options there too
        passed = " ".join(f'{name}="{os.environ[name]}"' for name in ("EXCH_TSHARK_PRELOAD", "ASAN_OPTIONS",
                                                                     "UBSAN_OPTIONS") if name in os.environ)
        with open(self.path("bin/exch-report"), "w") as f:
            f.write("#!/bin/sh\n"
                    f'echo "$SSH_CONNECTION" >> {self.path("sessions")}\n'
                    f"exec env EXCH_REPORT_PLUGIN_DIR={exchtest.sandbox().with_plugin} {passed} "
                    f'python3 {SCRIPT} "$@"\n')
        os.chmod(self.path("bin/exch-report"), 0o755)

    def start_sshd(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with open(self.path("sshd_config"), "w") as f:
            f.write(f"Port {port}\nListenAddress 127.0.0.1\nHostKey {self.path('host_key')}\n"
                    f"AuthorizedKeysFile {self.path('authorized_keys')}\nPermitRootLogin prohibit-password\n"
                    "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
                    f"PidFile {self.path('sshd.pid')}\nSetEnv PATH={self.path('bin')}:/usr/bin:/bin\n")
        os.makedirs("/run/sshd", exist_ok=True)          # its privilege separation folder
        log = open(self.path("sshd.log"), "w")
        self.addCleanup(log.close)
        sshd = subprocess.Popen([shutil.which("sshd") or "/usr/sbin/sshd", "-D", "-e", "-f",
                                 self.path("sshd_config")], stderr=log)
        self.addCleanup(sshd.wait)
        self.addCleanup(sshd.terminate)
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return port
            time.sleep(0.1)
        raise AssertionError(f"sshd did not start: {open(self.path('sshd.log')).read()}")

    def test_jobs_run_through_ssh(self):
        bad = os.path.join(WORK, "not-a-capture-remote.pcap")
        with open(bad, "w") as f:
            f.write("no capture\n")
        captures = [capture("synthetic/firewall-failures.pcap"), capture("real/ldap-3268-gc.pcap"), bad,
                    capture("real/dns-53-failures.pcap")]
        done = subprocess.run([SCRIPT, "--sshloginfile", self.path("machines"), "-j", "2", *captures],
                              capture_output=True, text=True)
        local = exch_report(*captures)
        self.assertEqual((done.returncode, local.returncode), (1, 1), done.stderr)
        # the same report as on this machine, the bad capture named by the other machine
        self.assertEqual(done.stdout, local.stdout)
        self.assertIn(f"exch-report: {bad}: failed", done.stderr)
        self.assertIn("3 of 4 captures merged", done.stderr)
        with open(self.path("sessions")) as f:
            sessions = f.read().split("\n")[:-1]
        self.assertEqual(len(sessions), 4)
        self.assertTrue(all(s.startswith("127.0.0.1 ") and s.endswith(f" 127.0.0.1 {self.port}") for s in sessions),
                        sessions)


def load_script():
    loader = importlib.machinery.SourceFileLoader("exch_report", SCRIPT)
    spec = importlib.util.spec_from_loader("exch_report", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class Merge(unittest.TestCase):
    """The merge rules on rows made up for them (the header is the report's)."""

    def test_rules(self):
        merge = load_script().merge
        head = "status,server,transport,port,role,basis,peers,connections,failed,frames,bytes,first_seen,last_seen," \
               "encrypted,opened_by,unreachable,unreachable_from\n"
        a = head + "refused,192.0.2.10,tcp,3269,gc-ssl,port,1024+,2,2,4,216,2026-01-01T00:00:02Z," \
                   "2026-01-01T00:00:03Z,yes,192.0.2.1 192.0.2.2,0,-\n"
        b = head + "open,192.0.2.10,tcp,3269,gc-ssl,learned,3,1,0,10,900,2026-01-01T00:00:01Z,2026-01-01T00:00:02Z," \
                   "no,192.0.2.2 192.0.2.3 +,0,-\n"
        c = head + "unanswered,192.0.2.10,tcp,3269,gc-ssl,port,1,1,1,1,54,2026-01-01T00:00:09Z," \
                   "2026-01-01T00:00:09Z,yes,192.0.2.9,0,-\n"
        d = head + "blocked,192.0.2.10,tcp,3269,gc-ssl,port,1,0,0,0,0,2026-01-01T00:00:10Z," \
                   "2026-01-01T00:00:10Z,-,192.0.2.4,2,192.0.2.254/admin-prohibited\n"
        self.assertEqual(merge([a, b, c]).splitlines()[1],
                         "open,192.0.2.10,tcp,3269,gc-ssl,port+learned,1028+,4,3,15,1170,2026-01-01T00:00:01Z,"
                         "2026-01-01T00:00:09Z,no,192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.9 +,0,-")
        self.assertEqual(merge([a, c]).splitlines()[1],
                         "refused,192.0.2.10,tcp,3269,gc-ssl,port,1025+,3,3,5,270,2026-01-01T00:00:02Z,"
                         "2026-01-01T00:00:09Z,yes,192.0.2.1 192.0.2.2 192.0.2.9,0,-")
        # a part with only ICMP errors: no say in "encrypted"; blocked beats unanswered, not refused
        self.assertEqual(merge([c, d]).splitlines()[1],
                         "blocked,192.0.2.10,tcp,3269,gc-ssl,port,2,1,1,1,54,2026-01-01T00:00:09Z,"
                         "2026-01-01T00:00:10Z,yes,192.0.2.4 192.0.2.9,2,192.0.2.254/admin-prohibited")
        self.assertEqual(merge([d, a]).splitlines()[1].split(",")[0], "refused")

    def test_findings(self):
        merge = load_script().merge
        head = "status,server,transport,port,role,basis,peers,connections,failed,frames,bytes,first_seen,last_seen," \
               "encrypted,opened_by,unreachable,unreachable_from\n\nfinding,source,destination,count,first_frame," \
               "first_seen,summary\n"
        a = head + "exch.dns_failure,192.0.2.20,192.0.2.100,2,7,2026-01-01T00:00:02Z,DNS failure: _gc._tcp.x: NXDOMAIN\n"
        b = head + "exch.dns_failure,192.0.2.20,192.0.2.100,3,4,2026-01-01T00:00:01Z,DNS failure: _gc._tcp.x: NXDOMAIN\n"
        c = head + 'xlsa.ms05_021,192.0.2.11,192.0.2.10,1,9,2026-01-01T00:00:03Z,"a, b"\n'
        self.assertEqual(merge([a, b, c]).partition("\n\n")[2].splitlines()[1:], [
            "exch.dns_failure,192.0.2.20,192.0.2.100,5,4,2026-01-01T00:00:01Z,DNS failure: _gc._tcp.x: NXDOMAIN",
            'xlsa.ms05_021,192.0.2.11,192.0.2.10,1,9,2026-01-01T00:00:03Z,"a, b"'])

    def test_lists_are_cut_where_tshark_cuts_them(self):
        merge_list = load_script().merge_list
        eight = " ".join(f"192.0.2.{n}" for n in range(1, 9))
        self.assertEqual(merge_list(eight, "192.0.2.1", 8), eight)
        self.assertEqual(merge_list(eight, "192.0.2.9", 8), eight + " +")
        self.assertEqual(merge_list("-", "-", 8), "-")
        self.assertEqual(merge_list("-", "+", 8), "+")

if __name__ == "__main__":
    unittest.main()
