# SPDX-License-Identifier: GPL-2.0-or-later
"""One answer per frame: every field of the plugin's protocols, and every
expert info, is the same in one pass (tshark) and in two (tshark -2, the GUI)
on every capture, except where the second pass knows more, which the README
says: the S7 veto on port 102, the unterminated link-state transfer, the
unanswered locator lookup, and more. And no
exch field appears twice in a frame."""
import glob
import os
import unittest

import exchtest
from exchtest import capture, fields

PLUGIN_PROTOCOLS = ("exch", "exch_ldap", "xlsa")


def plugin_fields():
    """Every field the plugin registers that -T fields can print (not the expert infos, which are FT_NONE:
    _ws.expert.message stands for them)."""
    return sorted(row[2] for row in exchtest.glossary("fields")
                  if row[0] == "F" and row[4] in PLUGIN_PROTOCOLS and row[3] != "FT_NONE")


def own_captures():
    found = sorted(glob.glob(os.path.join(exchtest.TESTDATA, "*", "*.pcap")))
    found.append(os.path.join(exchtest.TESTDATA, "sample.pcapng"))
    return found


# Where a second pass knows more (README, "One pass or two"):
# - links forward to a later frame: a reply, the frame that completes a transfer, the connections to an
#   announced endpoint (and how many there are);
FORWARD_LINKS = {"xlsa.response_in", "xlsa.transfer.in", "exch.announced.connection"}
COUNTED_FORWARD = {"exch.announced.connections"}
# - the endpoints an H.323 call's H.225.0 or H.245 message announced, recognised at the first frame that
#   reaches them (exch-h323.c): absent from the announcing frame in one pass (tests/test_h323.py);
# - the frames of a connection to a learned endpoint from before the frame that reached it after the
#   announcement (tests/test_learned.py): unlabelled (or labelled by the port rule) in one pass, learned in two;
# - a connection vetoed by a later frame: the S7 PDU on port 102 removes the x400 label from the frames before,
#   a Gryphon PDU on 7000 the irc label;
VETOED = {"s7comm-102.pcap": set(range(1, 6)), "ndpi-s7comm.pcap": {1, 2}, "gryphon-7000.pcap": {1, 2, 3}}
# - transfers that never got their LAST chunk, and locator lookups never answered, known at the end of the
#   capture (test_xlsa.py and test_security.py have where); stock DNS of 4.4 and later says the same of any
#   query ("DNS response missing").
def known_at_the_end(message):
    return "never got its LAST chunk" in message or message == "DNS response missing" or (
        message.startswith("DNS failure: ") and message.endswith(": no answer"))


class OnePassTwoPasses(exchtest.PluginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.names = ["frame.number"] + plugin_fields() + ["_ws.expert.message"]

    def expected_difference(self, name, n, one, two, capture_name, learned_later, adopted_later):
        """Checks a difference the second pass may make; False when it may not make it."""
        if adopted_later and name.startswith("exch.announced"):
            return one == ""
        if name in FORWARD_LINKS:
            return one == ""                                  # one pass leaves it out, never says otherwise
        if name in COUNTED_FORWARD:
            return all(int(x) <= int(y) for x, y in zip(one.split("|"), two.split("|"), strict=True))
        if learned_later and name.startswith("exch."):
            return one == ""
        if n in VETOED.get(capture_name, ()) and name.startswith("exch."):
            return two == "" and (name != "exch.role" or one in ("x400", "irc"))
        if name == "_ws.expert.message":
            extra = [m for m in two.split("|") if known_at_the_end(m)]
            rest = [m for m in two.split("|") if m and m not in extra]
            return len(extra) >= 1 and rest == [m for m in one.split("|") if m]
        return False

    def compare(self, path):
        name = os.path.basename(path)
        one = fields(path, self.names)
        two = fields(path, self.names, "-2")
        self.assertEqual(len(one), len(two))
        seen = {n: set() for n in VETOED.get(name, set())}
        basis = self.names.index("exch.basis")
        announced_role = self.names.index("exch.announced.role")
        for a, b in zip(one, two):
            n = int(a[0])
            learned_later = a[basis] != "learned" and b[basis] == "learned"
            adopted_later = a[announced_role] == "" and set(b[announced_role].split("|")) == {"h323"}
            for field, x, y in zip(self.names, a, b):
                if x != y:
                    self.assertTrue(self.expected_difference(field, n, x, y, name, learned_later, adopted_later),
                                    f"{path} frame {n} {field}: {x!r} in one pass, {y!r} in two")
                    seen.get(n, set()).add(field)
        # the vetoes did happen
        for n, found in seen.items():
            self.assertIn("exch.role", found, f"{path} frame {n}")

    def test_own_captures(self):
        paths = own_captures()
        self.assertGreaterEqual(len(paths), 56)
        for path in paths:
            with self.subTest(capture=os.path.relpath(path, exchtest.TESTDATA)):
                self.compare(path)

    def test_third_party_captures(self):
        for path in exchtest.shared_captures():
            with self.subTest(capture=os.path.basename(path)):
                self.compare(path)

    def test_secure_after_starttls_in_both(self):
        # frame 13 is a TCP segment of a TLS record reassembled in frame 14
        path = exchtest.shared_capture("zeek-ldap-ldap-starttls.pcap")
        for passes in ([], ["-2"]):
            rows = fields(path, ["frame.number", "exch.secure"], *passes)
            self.assertEqual([int(r[0]) for r in rows if r[1]], list(range(8, len(rows) + 1)), passes)


# Fields that name one of several things by design: the endpoints an answer announced, the RPC
# interfaces announced on one endpoint, and the kinds of evidence a server has shown.
MANY = {"exch.host.evidence", "exch.host.evidence_in", "exch.announced", "exch.announced.server", "exch.announced.server_ipv6", "exch.announced.port",
        "exch.announced.role", "exch.announced.connection", "exch.announced.connections",
        "exch.rpc.interface", "exch.rpc.uuid"}


class NoFieldTwice(exchtest.PluginTestCase):
    """No exch or exch_ldap field twice in a frame: the exch tree and the exch_ldap item never both carry
    the directory analysis, whatever the preferences and Decode As say."""

    def check(self, path, *extra):
        # every exch field, the expert infos (FT_NONE) included
        names = sorted(row[2] for row in exchtest.glossary("fields")
                       if row[0] == "F" and row[4] in ("exch", "exch_ldap") and row[2] not in MANY)
        self.assertIn("exch.learned_in", names)
        for row in fields(path, ["frame.number"] + names, *extra):
            for name, value in zip(names, row[1:]):
                self.assertNotIn("|", value, f"{path} {extra} frame {row[0]}: {name}")

    def test_every_capture(self):
        for path in own_captures():
            with self.subTest(capture=os.path.relpath(path, exchtest.TESTDATA)):
                self.check(path, "-2")

    def test_ldap_alternate_port_by_preference_and_by_decode_as(self):
        path = capture("synthetic/ldap-50389-heuristic.pcap")
        self.check(path, "-o", "exch.ldap_alt_tcp_ports:390,50389")
        self.check(path, "-d", "tcp.port==50389,exch_ldap")
        self.check(path, "-o", "exch.ldap_alt_tcp_ports:390,50389", "-d", "tcp.port==50389,exch_ldap")


if __name__ == "__main__":
    unittest.main()
