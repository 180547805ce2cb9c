# SPDX-License-Identifier: GPL-2.0-or-later
"""The statistics (README, "Statistics"): tshark -z exch_roles,tree and
-z exch_hosts,tree. Their counts are checked against what the per-frame fields
of the same capture say (another path through the plugin), and exactly on the
synthetic greetings capture, counted by hand (testdata/make-synthetic.py,
greetings: three sessions of 8 frames; 546, 524 and 505 bytes)."""
import collections
import unittest

import exchtest
from exchtest import capture, fields, tshark, tshark_stderr

CAPTURES = ["synthetic/greetings-143-110-119.pcap", "sample.pcapng", "synthetic/rvp-80.pcap",
            "synthetic/epm-learned-135.pcap", "synthetic/xlsa-transfer-25.pcap", "real/ldap-3269-gc-ssl.pcap"]


def stats_tree(path, name, *extra):
    """{(path of item names from the root): count} of a stats tree printed by tshark -q -z NAME,tree."""
    out = tshark(["-r", path, "-q", "-z", f"{name},tree", *extra])
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Topic / Item"))
    column = lines[header].index("Count")
    tree, stack = {}, []
    for line in lines[header + 2:]:
        if not line.strip() or line.startswith("-"):
            continue
        item = line[:column].rstrip()
        depth = len(item) - len(item.lstrip())
        stack[depth:] = [item.strip()]
        tree[tuple(stack)] = int(line[column:].split()[0])
    return tree


def expected_roles(path, *extra):
    """The exch_roles tree that the per-frame fields of the capture make."""
    tree = collections.Counter()
    for role, secure, server, server6, size in fields(path, ["exch.role", "exch.secure", "exch.server",
                                                             "exch.server_ipv6", "frame.len"], "-Y", "exch", *extra):
        path_ = (role, "secure" if secure else "cleartext", server or server6)
        for root, amount in (("Frames by role", 1), ("Bytes by role", int(size))):
            tree[(root,)] += amount
            for depth in range(1, 4):
                tree[(root,) + path_[:depth]] += amount
    return dict(tree)


def expected_hosts(path, *extra):
    tree = collections.Counter()
    rows = fields(path, ["exch.role", "exch.port", "exch.server", "exch.server_ipv6", "exch.host.evidence"],
                  "-Y", "exch", *extra)
    strength = {"ehlo": "strong", "link-state": "strong", "epm": "strong"}
    for role, port, server, server6, evidence in rows:
        host = server or server6
        tree[("Servers",)] += 1
        tree[("Servers", host)] += 1
        tree[("Servers", host, f"role {role} port {port}")] += 1
        for kind in filter(None, evidence.split("|")):
            tree[("Servers", host, f"evidence {kind} ({strength.get(kind, 'weak')})")] += 1
    return dict(tree)


class Statistics(exchtest.PluginTestCase):
    def test_listed_by_z_help(self):
        listed = tshark_stderr(["-z", "help"]).split()          # tshark prints the list on stderr
        self.assertIn("exch_roles,tree", listed)
        self.assertIn("exch_hosts,tree", listed)

    def test_greetings_by_hand(self):
        path = capture("synthetic/greetings-143-110-119.pcap")
        roles = stats_tree(path, "exch_roles")
        self.assertEqual(roles[("Frames by role",)], 24)
        self.assertEqual(roles[("Bytes by role",)], 546 + 524 + 505)
        self.assertEqual(roles[("Bytes by role", "imap4", "cleartext", "192.0.2.10")], 546)
        self.assertEqual(roles[("Frames by role", "nntp", "cleartext", "192.0.2.13")], 8)
        hosts = stats_tree(path, "exch_hosts")
        self.assertEqual(hosts, {("Servers",): 24,
                                 ("Servers", "192.0.2.10"): 8, ("Servers", "192.0.2.10", "role imap4 port 143"): 8,
                                 ("Servers", "192.0.2.10", "evidence imap-greeting (weak)"): 5,
                                 ("Servers", "192.0.2.12"): 8, ("Servers", "192.0.2.12", "role pop3 port 110"): 8,
                                 ("Servers", "192.0.2.12", "evidence pop3-greeting (weak)"): 5,
                                 ("Servers", "192.0.2.13"): 8, ("Servers", "192.0.2.13", "role nntp port 119"): 8,
                                 ("Servers", "192.0.2.13", "evidence nntp-greeting (weak)"): 5})

    def test_roles_agree_with_the_frames(self):
        for name in CAPTURES:
            with self.subTest(capture=name):
                path = capture(name)
                keys = exchtest.sandbox().readable(capture("real/ldap-3269-gc-ssl.keys"))
                extra = ("-o", "tls.keylog_file:" + keys) if "3269" in name else ()
                self.assertEqual(stats_tree(path, "exch_roles", *extra), expected_roles(path, *extra))

    def test_hosts_agree_with_the_frames(self):
        for name in CAPTURES:
            with self.subTest(capture=name):
                path = capture(name)
                self.assertEqual(stats_tree(path, "exch_hosts"), expected_hosts(path))

    def test_two_passes(self):
        path = capture("synthetic/epm-learned-135.pcap")
        # a second pass labels more frames of the learned connections; the tap runs on the second pass only
        self.assertEqual(stats_tree(path, "exch_roles", "-2"), expected_roles(path, "-2"))


if __name__ == "__main__":
    unittest.main()
