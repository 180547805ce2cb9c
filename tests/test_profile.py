# SPDX-License-Identifier: GPL-2.0-or-later
"""The Wireshark profile "Exchange" (README, "The Exchange profile"): loaded by
tshark -C Exchange from a temporary configuration folder, its columns show
exch.role, the server and exch.basis of every frame; every filter of its
buttons and colouring rules compiles with the plugin (and the plugin's own do
not without it); every labelled frame gets its role family's colour, a frame
with a finding the finding's; install_personal installs it."""
import csv
import os
import shutil
import subprocess
import tempfile
import unittest

import exchtest
from exchtest import capture, fields, tshark

BUILD = os.environ.get("EXCH_BUILD_DIR", os.path.join(exchtest.SOURCE_DIR, "build"))
PROFILE = os.path.join(BUILD, "profiles", "Exchange")
FAMILIES = os.path.join(exchtest.SOURCE_DIR, "fields", "families.tsv")


def install_profile():
    """The built profile in the sandbox's configuration folder, readable by the user tshark runs as."""
    box = exchtest.sandbox()
    dest = os.path.join(box.home, "profiles", "Exchange")
    if not os.path.isdir(dest):
        shutil.copytree(PROFILE, dest)
        for root, dirs, files in os.walk(os.path.join(box.home, "profiles")):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)


def uat_expressions(path):
    """The filter column of a dfilter_buttons file (\\x22 is a quote)."""
    with open(path) as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        return [row[2].replace("\\x22", '"') for row in rows]


def colour_rules(path):
    """(name, filter) of each rule of a colorfilters file."""
    with open(path) as f:
        return [tuple(line[1:].split("@")[:2]) for line in f if line.startswith("@")]


def family_of_role():
    with open(FAMILIES) as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {code: row["label"] for row in rows for code in row["roles"].split(",")}


class Profile(exchtest.PluginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not os.path.isfile(os.path.join(PROFILE, "colorfilters")):
            raise AssertionError(f"{PROFILE}: not built (cmake --build builds the exch_profile target)")
        install_profile()

    def test_columns(self):
        path = capture("sample.pcapng")
        lines = [line.split("\t") for line in tshark(["-C", "Exchange", "-r", path, "-T", "tabs"]).splitlines()]
        want = fields(path, ["frame.number", "exch.role", "exch.server", "exch.basis"])
        self.assertEqual(len(lines), 101)
        # No., Time, Source, →, Destination, Protocol, Role, Server, Basis, Length, Info
        self.assertEqual([[line[0].strip(), line[6], line[7], line[8]] for line in lines], want)
        self.assertEqual(sum(1 for line in lines if line[6] == "gc"), 13)

    def test_every_filter_compiles(self):
        expressions = uat_expressions(os.path.join(PROFILE, "dfilter_buttons")) + \
            [f for _, f in colour_rules(os.path.join(PROFILE, "colorfilters"))]
        self.assertGreaterEqual(len(expressions), 8 + 9)
        path = capture("synthetic/xlsa-691.pcap")
        for expression in expressions:
            with self.subTest(filter=expression):
                tshark(["-r", path, "-c", "1", "-Y", expression])
        # they are the plugin's: without it, its filters do not compile
        with self.assertRaises(AssertionError):
            tshark(["-r", path, "-c", "1", "-Y", uat_expressions(os.path.join(PROFILE, "dfilter_buttons"))[1]],
                   plugin=False)

    def test_colours(self):
        family = family_of_role()
        findings = "exch.cleartext_credentials || exch.starttls_not_used || exch.unauthenticated_link_state"
        for name in ("sample.pcapng", "synthetic/h323-call-1720.pcap", "synthetic/epm-learned-135.pcap"):
            with self.subTest(capture=name):
                rows = fields(capture(name), ["frame.number", "exch.role", "frame.coloring_rule.name"],
                              "-C", "Exchange", "--color")
                flagged = {n for n, in fields(capture(name), ["frame.number"], "-Y", findings)}
                labelled = [(n, role, rule) for n, role, rule in rows if role]
                self.assertGreater(len(labelled), 10)
                self.assertEqual([rule for _, _, rule in labelled],
                                 ["Exchange security finding" if n in flagged else family[role]
                                  for n, role, _ in labelled])
        self.assertEqual(len(flagged), 0)                  # the last capture: the families only
        # the findings and failures come first
        for name, frame, rule in (("synthetic/xlsa-ms05-021.pcap", "7", "Exchange MS05-021 exploit pattern"),
                                  ("synthetic/cleartext-auth.pcap", "7", "Exchange security finding"),
                                  ("sample.pcapng", "35", "Exchange security finding"),
                                  ("real/firewall-127.0.0.12.pcap", "16", "Exchange blocked or unresolved"),
                                  ("real/dns-53-failures.pcap", "2", "Exchange blocked or unresolved"),
                                  ("real/dns-53-failures.pcap", "9", "Exchange name resolution")):
            with self.subTest(capture=name):
                rows = dict(fields(capture(name), ["frame.number", "frame.coloring_rule.name"], "-C", "Exchange",
                                   "--color", "-2"))
                self.assertEqual(rows[frame], rule)

    def test_colours_are_background_then_foreground(self):
        """Wireshark reads [background][foreground] (epan/color_filters.c): the light family colours must
        be the background, black the text."""
        with open(os.path.join(PROFILE, "colorfilters")) as f:
            rules = {line[1:].split("@")[0]: line.rstrip("\n").split("@")[3] for line in f if line.startswith("@")}
        with open(FAMILIES) as f:
            for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
                self.assertEqual(rules[row["label"]], f"[{row['background']}][{row['foreground']}]")
        self.assertEqual(rules["Exchange MS05-021 exploit pattern"], "[42405,0,0][65535,65535,65535]")

    def test_stock_rules_follow(self):
        rules = [name for name, _ in colour_rules(os.path.join(PROFILE, "colorfilters"))]
        self.assertEqual(rules[:3], ["Exchange MS05-021 exploit pattern", "Exchange security finding",
                                     "Exchange blocked or unresolved"])
        self.assertIn("Bad TCP", rules[9:])

    def test_install_personal(self):
        home = tempfile.mkdtemp(prefix="exch-home-")
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)
        env = {**os.environ, "HOME": home}
        env.pop("XDG_CONFIG_HOME", None)
        done = subprocess.run(["cmake", "--build", BUILD, "--target", "install_personal"], env=env,
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        installed = os.path.join(home, ".config", "wireshark", "profiles", "Exchange")
        self.assertEqual(sorted(os.listdir(installed)), ["colorfilters", "dfilter_buttons", "preferences"])


if __name__ == "__main__":
    unittest.main()
