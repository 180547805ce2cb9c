# SPDX-License-Identifier: GPL-2.0-or-later
"""The README's examples work as written: every tshark command of its sh blocks
and every display filter of its GUI table runs without an error or a warning on
all the test captures merged into one (IPv4 and IPv6 servers, TLS with keys),
and the server listing names IPv6 servers too."""
import glob
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest

import exchtest
from exchtest import capture, tshark

WORK = tempfile.mkdtemp(prefix="exch-readme-")


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def readme():
    with open(os.path.join(exchtest.SOURCE_DIR, "README.md"), encoding="utf-8") as f:
        return f.read()


def tshark_examples():
    """The tshark commands of the README's sh blocks, continuation lines joined, without a trailing pipe."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme(), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" | ")[0].strip()
            if line.startswith("tshark "):
                commands.append(line)
    return commands


def gui_filters():
    section = readme().split("## In the Wireshark GUI", 1)[1].split("\n## ", 1)[0]
    return [m.replace("\\|", "|") for m in re.findall(r"^\| `(.+?)` \|", section, re.M)]


class ReadmeExamples(exchtest.PluginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merged = os.path.join(WORK, "all.pcapng")
        paths = sorted(glob.glob(os.path.join(exchtest.TESTDATA, "*", "*.pcap")))
        subprocess.run(["mergecap", "-w", cls.merged, *paths], check=True, capture_output=True)
        cls.keys = exchtest.sandbox().readable(capture("real/ldap-3269-gc-ssl.keys"))   # read by user nobody

    def run_example(self, command):
        args = shlex.split(command)[1:]
        args = [self.merged if a == "capture.pcap" else a.replace("keys.txt", self.keys) for a in args]
        return tshark(args)

    def test_every_tshark_example(self):
        commands = tshark_examples()
        self.assertGreaterEqual(len(commands), 12)
        for command in commands:
            with self.subTest(command=command):
                out = self.run_example(command)
                if "exch.server_addresses" in command:
                    self.assertEqual(out, "")       # no test server is among the example's addresses
                else:
                    self.assertNotEqual(out, "")

    def test_server_listing_names_ipv6_servers(self):
        listing = [c for c in tshark_examples() if "exch.server_ipv6" in c and "exch.port" in c]
        self.assertEqual(len(listing), 1)
        rows = {tuple(line.split("\t")) for line in self.run_example(listing[0]).splitlines()}
        self.assertIn(("", "::1", "http", "80"), rows)
        self.assertIn(("127.0.0.2", "", "gc", "3268"), rows)

    def test_every_gui_filter(self):
        filters = gui_filters()
        self.assertGreaterEqual(len(filters), 7)
        for display_filter in filters:
            with self.subTest(filter=display_filter):
                tshark(["-n", "-r", self.merged, "-Y", display_filter, "-T", "fields", "-e", "frame.number"])


if __name__ == "__main__":
    unittest.main()
