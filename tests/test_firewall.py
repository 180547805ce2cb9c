# SPDX-License-Identifier: GPL-2.0-or-later
"""The firewall report, tshark -z exch_firewall[,csv] (README, "Which ports
does my Exchange server really need?"). Exactly, on the synthetic failures
capture, whose frames testdata/make-synthetic.py (firewall_failures) numbers
and whose sizes were counted by hand (54-byte bare segments, a 58-byte data
segment, 81-byte DNS datagrams); and against the per-frame fields on other
captures."""
import collections
import csv
import io
import unittest

import exchtest
from exchtest import capture, fields, tshark

HEADER = ("status,server,transport,port,role,basis,peers,connections,failed,frames,bytes,first_seen,last_seen,"
          "encrypted")


def report(path, *extra):
    out = tshark(["-r", path, "-q", "-z", "exch_firewall,csv", *extra])
    return out.splitlines()


def rows(path, *extra):
    return list(csv.DictReader(io.StringIO("\n".join(report(path, *extra)))))


class FirewallReport(exchtest.PluginTestCase):
    def test_failures_exactly(self):
        self.assertEqual(report(capture("synthetic/firewall-failures.pcap")), [
            HEADER,
            # 5-11: a session on 135 (six bare segments and one of 4 bytes)
            "open,192.0.2.10,tcp,135,msrpc,port,1,1,0,7,382,2026-01-01T00:00:00.004000Z,"
            "2026-01-01T00:00:00.010000Z,no",
            # 15-16 refused, 17-22 accepted: open, with one failed connection
            "open,192.0.2.10,tcp,691,lsa,port,1,2,1,8,432,2026-01-01T00:00:00.014000Z,"
            "2026-01-01T00:00:00.021000Z,no",
            # 13-14: answered
            "open,192.0.2.20,udp,53,dns,port,1,-,-,2,162,2026-01-01T00:00:00.012000Z,"
            "2026-01-01T00:00:00.013000Z,no",
            # 1-2: SYN, RST
            "refused,192.0.2.20,tcp,3268,gc,port,1,1,1,2,108,2026-01-01T00:00:00.000000Z,"
            "2026-01-01T00:00:00.001000Z,no",
            # 3-4: SYN and its retransmission
            "unanswered,192.0.2.20,tcp,389,ldap,port,1,1,1,2,108,2026-01-01T00:00:00.002000Z,"
            "2026-01-01T00:00:00.003000Z,no",
            # 12: a query nobody answered
            "unanswered,192.0.2.21,udp,53,dns,port,1,-,-,1,81,2026-01-01T00:00:00.011000Z,"
            "2026-01-01T00:00:00.011000Z,no"])

    def test_text_report_has_the_same_rows(self):
        out = tshark(["-r", capture("synthetic/firewall-failures.pcap"), "-q", "-z", "exch_firewall"])
        lines = [line.split() for line in out.splitlines() if line[:1] in ("o", "r", "u")]
        self.assertEqual([line[:4] for line in lines],
                         [row.split(",")[:4] for row in report(capture("synthetic/firewall-failures.pcap"))[1:]])

    def test_learned_and_encrypted(self):
        got = {(r["server"], r["port"], r["role"]): (r["basis"], r["encrypted"], r["frames"])
               for r in rows(capture("synthetic/epm-learned-135.pcap"), "-2")}
        self.assertEqual(got[("192.0.2.10", "49155", "msrpc")][0], "learned")
        tls = rows(capture("real/ldap-636-ssl.pcap"))
        self.assertEqual([(r["status"], r["port"], r["role"], r["encrypted"]) for r in tls],
                         [("open", "636", "ldap-ssl", "yes")])

    def test_counts_agree_with_the_frames(self):
        for name in ("sample.pcapng", "synthetic/rvp-80.pcap", "synthetic/h323-call-1720.pcap",
                     "real/epm-135-samba.pcap"):
            with self.subTest(capture=name):
                path = capture(name)
                want = collections.defaultdict(lambda: [0, 0, set()])
                for server, server6, port, role, size, src, dst in fields(
                        path, ["exch.server", "exch.server_ipv6", "exch.port", "exch.role", "frame.len", "ip.src",
                               "ip.dst"], "-Y", "exch"):
                    server = server or server6
                    entry = want[(server, port, role)]
                    entry[0] += 1
                    entry[1] += int(size)
                    entry[2].add(dst if src == server else src)
                got = {(r["server"], r["port"], r["role"]): [int(r["frames"]), int(r["bytes"]), int(r["peers"])]
                       for r in rows(path)}
                self.assertEqual(got, {k: [v[0], v[1], len(v[2])] for k, v in want.items()})


if __name__ == "__main__":
    unittest.main()
