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
          "encrypted,opened_by,unreachable,unreachable_from")


FINDINGS_HEADER = "finding,source,destination,count,first_frame,first_seen,summary"


def sections(path, *extra):
    """The CSV's two tables: the endpoints, and after an empty line the findings."""
    out = tshark(["-r", path, "-q", "-z", "exch_firewall,csv", *extra])
    endpoints, _, findings = out.partition("\n\n")
    return endpoints.splitlines(), findings.splitlines()


def report(path, *extra):
    return sections(path, *extra)[0]


def findings(path, *extra):
    return sections(path, *extra)[1]


def rows(path, *extra):
    return list(csv.DictReader(io.StringIO("\n".join(report(path, *extra)))))


class FirewallReport(exchtest.PluginTestCase):
    def test_failures_exactly(self):
        self.assertEqual(report(capture("synthetic/firewall-failures.pcap")), [
            HEADER,
            # 5-11: a session on 135 (six bare segments and one of 4 bytes)
            "open,192.0.2.10,tcp,135,msrpc,port,1,1,0,7,382,2026-01-01T00:00:00.004000Z,"
            "2026-01-01T00:00:00.010000Z,no,192.0.2.100,0,-",
            # 15-16 refused, 17-22 accepted: open, with one failed connection
            "open,192.0.2.10,tcp,691,lsa,port,1,2,1,8,432,2026-01-01T00:00:00.014000Z,"
            "2026-01-01T00:00:00.021000Z,no,192.0.2.100,0,-",
            # 13-14: answered
            "open,192.0.2.20,udp,53,dns,port,1,-,-,2,162,2026-01-01T00:00:00.012000Z,"
            "2026-01-01T00:00:00.013000Z,no,192.0.2.100,0,-",
            # 1-2: SYN, RST
            "refused,192.0.2.20,tcp,3268,gc,port,1,1,1,2,108,2026-01-01T00:00:00.000000Z,"
            "2026-01-01T00:00:00.001000Z,no,192.0.2.100,0,-",
            # 3-4: SYN and its retransmission
            "unanswered,192.0.2.20,tcp,389,ldap,port,1,1,1,2,108,2026-01-01T00:00:00.002000Z,"
            "2026-01-01T00:00:00.003000Z,no,192.0.2.100,0,-",
            # 12: a query nobody answered
            "unanswered,192.0.2.21,udp,53,dns,port,1,-,-,1,81,2026-01-01T00:00:00.011000Z,"
            "2026-01-01T00:00:00.011000Z,no,192.0.2.100,0,-"])

    def test_text_report_has_the_same_rows(self):
        out = tshark(["-r", capture("synthetic/firewall-failures.pcap"), "-q", "-z", "exch_firewall"])
        lines = [line.split() for line in out.splitlines() if line[:1] in ("o", "r", "b", "u")]
        self.assertEqual([line[:4] for line in lines],
                         [row.split(",")[:4] for row in report(capture("synthetic/firewall-failures.pcap"))[1:]])

    def test_real_firewall_exactly(self):
        """Linux and netfilter on loopback (testdata/make-real-captures.sh firewall): frames and bytes
        counted by hand from tshark's summary lines; the ICMP errors (16, 20, 22, 24) count as
        unreachable, not as frames of the endpoint."""
        self.assertEqual(report(capture("real/firewall-127.0.0.12.pcap")), [
            HEADER,
            # 1-12: curl and python3 http.server (74+74+66+140+66+251+66+98+66*4 bytes)
            "open,127.0.0.12,tcp,80,http,port,1,1,0,12,1099,2026-11-30T17:20:05.542022Z,"
            "2026-11-30T17:20:05.546791Z,no,127.0.0.1,0,-",
            # 13-14: nothing listens: the kernel's RST
            "refused,127.0.0.12,tcp,3268,gc,port,1,1,1,2,128,2026-11-30T17:20:05.556807Z,"
            "2026-11-30T17:20:05.556821Z,no,127.0.0.1,0,-",
            # 15-16: REJECT --reject-with icmp-admin-prohibited (code 13)
            "blocked,127.0.0.12,tcp,691,lsa,port,1,1,1,1,74,2026-11-30T17:20:05.625645Z,"
            "2026-11-30T17:20:05.625898Z,no,127.0.0.1,1,127.0.0.12/admin-prohibited",
            # 19-20: dig to a port nothing listens on: the kernel's port unreachable
            "blocked,127.0.0.12,udp,53,dns,port,1,-,-,1,106,2026-11-30T17:20:07.667271Z,"
            "2026-11-30T17:20:07.667288Z,no,127.0.0.1,1,127.0.0.12/port-unreachable",
            # 21-24: ip6tables REJECT icmp6-adm-prohibited, the SYN sent twice
            "blocked,::1,tcp,3269,gc-ssl,port,1,1,1,2,188,2026-11-30T17:20:07.694846Z,"
            "2026-11-30T17:20:08.721964Z,yes,::1,2,::1/admin-prohibited",
            # 17-18: DROP: the SYN and its retransmission
            "unanswered,127.0.0.12,tcp,389,ldap,port,1,1,1,2,148,2026-11-30T17:20:05.636400Z,"
            "2026-11-30T17:20:06.641929Z,no,127.0.0.1,0,-"])

    def test_unreachable_expert_on_the_icmp_errors(self):
        got = fields(capture("real/firewall-127.0.0.12.pcap"),
                     ["frame.number", "exch.unreachable.role", "exch.unreachable.reason", "exch.role"],
                     "-Y", "exch.unreachable")
        self.assertEqual(got, [["16", "lsa", "admin-prohibited", ""], ["20", "dns", "port-unreachable", ""],
                               ["22", "gc-ssl", "admin-prohibited", ""], ["24", "gc-ssl", "admin-prohibited", ""]])
        messages = fields(capture("real/firewall-127.0.0.12.pcap"), ["_ws.expert.message"], "-Y", "frame.number == 20")
        self.assertIn("dns 53/udp at 127.0.0.12 unreachable: port-unreachable from 127.0.0.12", messages[0][0])

    def test_errors_without_their_attempts(self):
        """Only the errors, as on a capture taken near the client: each makes its endpoint blocked, with the
        quoted attempt's source as the peer that tried; no frames of the endpoint, so no "encrypted"."""
        self.assertEqual(report(capture("synthetic/icmp-errors.pcap")), [
            HEADER,
            # 3: a filter's admin-prohibited quoting 8 bytes of a SYN (no flags): no connection known
            "blocked,192.0.2.10,tcp,691,lsa,port,1,0,0,0,0,2026-01-01T00:00:00.002000Z,2026-01-01T00:00:00.002000Z,"
            "-,192.0.2.100,1,192.0.2.1/admin-prohibited",
            "blocked,192.0.2.20,udp,53,dns,port,1,-,-,0,0,2026-01-01T00:00:00.000000Z,2026-01-01T00:00:00.000000Z,"
            "-,192.0.2.100,1,192.0.2.20/port-unreachable",
            "blocked,2001:db8::20,tcp,3268,gc,port,1,1,1,0,0,2026-01-01T00:00:00.001000Z,"
            "2026-01-01T00:00:00.001000Z,-,2001:db8::100,1,2001:db8::20/port-unreachable"])

    def test_unreachable_in_two_passes(self):
        path = capture("real/firewall-127.0.0.12.pcap")
        self.assertEqual(report(path, "-2"), report(path))

    def test_findings_of_real_servers(self):
        """The findings section: the expert infos of tests/test_security.py, counted per finding, source,
        destination and message (frames from testdata/real/MANIFEST.md)."""
        self.assertEqual(findings(capture("real/smtp-25-session.pcap")), [
            FINDINGS_HEADER,
            "exch.starttls_not_used,127.0.0.1,127.0.0.3,1,9,2026-11-29T19:32:59.903721Z,STARTTLS not used: the "
            "server offered it and the client went on in the clear"])
        self.assertEqual(findings(capture("real/ldap-389-simple-bind.pcap")), [
            FINDINGS_HEADER,
            "exch.cleartext_credentials,127.0.0.1,127.0.0.2,1,4,2026-11-29T19:32:42.432935Z,Cleartext credentials "
            "outside TLS: LDAP simple bind with a password (the password is readable on the wire)"])
        self.assertEqual(findings(capture("real/ldap-636-ssl.pcap")), [FINDINGS_HEADER])

    def test_failed_locator_lookups(self):
        """dnsmasq (testdata/real/MANIFEST.md, dns-53-failures): NXDOMAIN in frame 2, REFUSED in 4, frame 5 never
        answered (known on a second pass only); 7, NXDOMAIN for www.example.test, is no locator."""
        failures = [
            "exch.dns_failure,127.0.0.7,127.0.0.1,1,2,2026-11-30T17:29:58.686915Z,"
            "DNS failure: _ldap._tcp.dc._msdcs.example.test: NXDOMAIN",
            "exch.dns_failure,127.0.0.7,127.0.0.1,1,4,2026-11-30T17:29:58.734739Z,"
            "DNS failure: _kerberos._tcp.other.test: REFUSED"]
        unanswered = ("exch.dns_failure,127.0.0.1,127.0.0.7,1,5,2026-11-30T17:29:58.779410Z,"
                      "DNS failure: _gc._tcp.broken.test: no answer")
        path = capture("real/dns-53-failures.pcap")
        self.assertEqual(findings(path), [FINDINGS_HEADER] + failures)
        self.assertEqual(findings(path, "-2"), [FINDINGS_HEADER] + failures + [unanswered])

    def test_findings_never_print_a_secret(self):
        for name, secrets in (("synthetic/cleartext-auth.pcap", ["secret", "c2VjcmV0", "YWxpY2U=", "YWxpY2U6c2VjcmV0"]),
                              ("real/http-80-basic.pcap", ["secret", "YWxpY2U6c2VjcmV0"]),
                              ("real/pop3-110.pcap", ["AGFsaWNlAHBhc3M="])):
            with self.subTest(capture=name):
                text = tshark(["-r", capture(name), "-2", "-q", "-z", "exch_firewall"])
                csv_text = "\n".join(findings(capture(name), "-2"))
                self.assertIn("Cleartext credentials outside TLS", text)
                for secret in secrets:
                    self.assertNotIn(secret, text + csv_text)

    def test_text_report_has_the_findings_section(self):
        text = tshark(["-r", capture("synthetic/xlsa-ms05-021.pcap"), "-q", "-z", "exch_firewall"]).splitlines()
        start = text.index("=== Findings: security problems and failed locator lookups")
        self.assertEqual([line.split()[:6] for line in text[start + 2:-1]], [
            ["exch.unauthenticated_link_state", "192.0.2.11", "192.0.2.10", "1", "7", "Link"],
            ["xlsa.ms05_021", "192.0.2.11", "192.0.2.10", "2", "7", "Unmarked"]])
        self.assertEqual(text[-1], "===")

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
