# SPDX-License-Identifier: GPL-2.0-or-later
"""Security findings (README, "Security findings"): exch.cleartext_credentials
on logins in the clear, never inside TLS, never the secret in the message.
Real captures: Dovecot's POP3 and IMAP (testdata/real/MANIFEST.md: AUTH PLAIN
and AUTHENTICATE PLAIN in frame 9, in the clear; the same inside TLS on 995
and 993). Synthetic: testdata/make-synthetic.py, cleartext_auth."""
import os
import shutil
import sys
import tempfile
import unittest

import exchtest
from exchtest import capture, fields

sys.path.insert(0, exchtest.TESTDATA)
from pcapgen import Pcap, TcpSession, dns_message  # noqa: E402

MESSAGE = "Cleartext credentials outside TLS: {} (the password is readable on the wire)"


def findings(name, *extra):
    rows = fields(capture(name), ["frame.number", "_ws.expert.message"], "-Y", "exch.cleartext_credentials",
                  *extra)
    return {int(n): [m for m in messages.split("|") if m.startswith("Cleartext")] for n, messages in rows}


def keys(name):
    return ("-o", "tls.keylog_file:" + exchtest.sandbox().readable(capture(f"real/{name}.keys")))


class CleartextCredentials(exchtest.PluginTestCase):
    def test_synthetic_logins(self):
        want = {7: [MESSAGE.format("SMTP AUTH LOGIN")], 29: [MESSAGE.format("NNTP AUTHINFO USER")],
                31: [MESSAGE.format("NNTP AUTHINFO PASS")], 38: [MESSAGE.format("IRC PASS")],
                57: [MESSAGE.format("HTTP Basic")]}
        # not 19 (a message body saying "AUTH PLAIN"), not 21 (AUTH GSSAPI), not 59 (HTTP NTLM)
        self.assertEqual(findings("synthetic/cleartext-auth.pcap"), want)
        self.assertEqual(findings("synthetic/cleartext-auth.pcap", "-2"), want)

    def test_real_dovecot_in_the_clear(self):
        self.assertEqual(findings("real/pop3-110.pcap"), {9: [MESSAGE.format("POP3 AUTH PLAIN")]})
        self.assertEqual(findings("real/imap-143.pcap"), {9: [MESSAGE.format("IMAP AUTHENTICATE PLAIN")]})
        self.assertEqual(findings("real/ldap-389-simple-bind.pcap"),
                         {4: [MESSAGE.format("LDAP simple bind with a password")]})
        # curl -u to nginx's auth_basic on /exchange/ (testdata/real/MANIFEST.md, http-80-basic)
        self.assertEqual(findings("real/http-80-basic.pcap"), {4: [MESSAGE.format("HTTP Basic")]})
        self.assertEqual(findings("real/http-80.pcap"), {})

    def test_not_inside_tls(self):
        for name in ("pop3s-995", "imaps-993", "smtp-25-starttls", "smtps-465", "ldap-636-ssl"):
            with self.subTest(capture=name):
                self.assertEqual(findings(f"real/{name}.pcap", *keys(name)), {})
        # the decrypted login is there, to be found if it were cleartext
        rows = fields(capture("real/imaps-993.pcap"), ["imap.request"], "-Y", "imap.request", *keys("imaps-993"))
        self.assertIn("A002 AUTHENTICATE PLAIN AGFsaWNlAHBhc3M=", [r[0] for r in rows])

    def test_the_secret_is_never_shown(self):
        for name in ("synthetic/cleartext-auth.pcap", "real/imap-143.pcap", "real/pop3-110.pcap"):
            with self.subTest(capture=name):
                for messages in findings(name).values():
                    for secret in ("secret", "c2VjcmV0", "AGFsaWNl", "alice"):
                        self.assertNotIn(secret, " ".join(messages))


def frames_with(name, expert, *extra):
    return [int(r[0]) for r in fields(capture(name), ["frame.number"], "-Y", expert, *extra)]


class SmtpFindings(exchtest.PluginTestCase):
    def test_starttls_not_used(self):
        # real Postfix offers STARTTLS (frame 8); swaks sends MAIL FROM in the clear (9); the link-state client
        # sends X-LINK2STATE in the clear (9); the STARTTLS session takes it
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                self.assertEqual(frames_with("real/smtp-25-session.pcap", "exch.starttls_not_used", *passes), [9])
                self.assertEqual(frames_with("real/smtp-25-xlink2state.pcap", "exch.starttls_not_used", *passes),
                                 [9])
                self.assertEqual(frames_with("real/smtp-25-starttls.pcap", "exch.starttls_not_used", *passes,
                                             *keys("smtp-25-starttls")), [])
        # no STARTTLS offered: nothing to miss
        self.assertEqual(frames_with("synthetic/cleartext-auth.pcap", "exch.starttls_not_used"), [])

    def test_starttls_not_used_by_imap_and_pop3(self):
        # real Dovecot offers STARTTLS (IMAP greeting, frame 4; POP3 CAPA's STLS, frame 8); curl logs in in the
        # clear in frame 9; with --ssl-reqd it takes STARTTLS (frame 9) and logs in inside TLS (frame 22)
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                self.assertEqual(frames_with("real/imap-143.pcap", "exch.starttls_not_used", *passes), [9])
                self.assertEqual(frames_with("real/pop3-110.pcap", "exch.starttls_not_used", *passes), [9])
                self.assertEqual(frames_with("real/imap-143-starttls.pcap", "exch.starttls_not_used", *passes,
                                             *keys("imap-143-starttls")), [])
                self.assertEqual(frames_with("real/imap-143-starttls.pcap", "exch.starttls_not_used", *passes), [])
        self.assertEqual(findings("real/imap-143-starttls.pcap", *keys("imap-143-starttls")), {})
        # nothing offered: nothing to miss
        self.assertEqual(frames_with("real/nntp-119.pcap", "exch.starttls_not_used"), [])

    def test_starttls_not_used_on_third_party_pop3(self):
        # ../shared captures of real POP3 servers offering STLS in CAPA: each connection that then logs in with
        # AUTH PLAIN once (ndpi-pop3: connections 2, 4, 5; zeek-pop3: 3, 5, 6); the bare AUTH before CAPA,
        # which only lists the mechanisms, and connections with no login after the offer, none
        for name, want in (("ndpi-pop3.pcap", [54, 83, 102]), ("zeek-pop3-pop3.pcap", [35, 64, 83])):
            with self.subTest(capture=name):
                path = exchtest.shared_capture(name)
                for passes in ((), ("-2",)):
                    rows = fields(path, ["frame.number"], "-Y", "exch.starttls_not_used", *passes)
                    self.assertEqual([int(r[0]) for r in rows], want)

    def test_unauthenticated_link_state(self):
        cases = {"real/smtp-25-xlink2state.pcap": [9], "real/smtp-691-xlsa.pcap": [9],
                 "synthetic/xlsa-transfer-25.pcap": [19],
                 "synthetic/xlsa-bdat-pipelined.pcap": [7, 15],        # once in each of its two connections
                 "synthetic/cleartext-auth.pcap": []}                  # 50: after X-EXPS GSSAPI (48)
        for name, want in cases.items():
            with self.subTest(capture=name):
                self.assertEqual(frames_with(name, "exch.unauthenticated_link_state"), want)
                self.assertEqual(frames_with(name, "exch.unauthenticated_link_state", "-2"), want)


class GenericExpertFilters(exchtest.PluginTestCase):
    """A filter on Wireshark's own expert fields finds the findings as well as their own names do: the
    frames of exch.starttls_not_used and exch.unauthenticated_link_state (kept for the postdissector's tree)
    are the frames -Y '_ws.expert.message == ...' selects, with no exch field asked."""

    CASES = [("real/imap-143.pcap", "exch.starttls_not_used", "STARTTLS", [9]),
             ("real/smtp-25-session.pcap", "exch.starttls_not_used", "STARTTLS", [9]),
             ("real/smtp-691-xlsa.pcap", "exch.unauthenticated_link_state", "Link state", [9]),
             ("synthetic/xlsa-bdat-pipelined.pcap", "exch.unauthenticated_link_state", "Link state", [7, 15])]

    @staticmethod
    def summary_frames(name, display_filter):
        """The frames a filter selects in tshark's one-line summaries (-T tabs: no tree shown, only what
        the filter asks for is built)."""
        out = exchtest.tshark(["-n", "-r", capture(name), "-T", "tabs", "-Y", display_filter])
        return [int(line.split("\t")[0]) for line in out.splitlines()]

    def test_expert_message_filter(self):
        for name, expert, start, want in self.CASES:
            with self.subTest(capture=name):
                self.assertEqual(self.summary_frames(name, expert), want)
                self.assertEqual(self.summary_frames(name, f'_ws.expert.message matches "^{start}" && '
                                                           '_ws.expert.severity == "Warning"'), want)
                self.assertEqual(self.summary_frames(name, '_ws.expert.group == "Security"'), want)

    def test_expert_fields_printed(self):
        # tshark 4.4 and later hand the -e fields to the dissectors: the expert must be there with no exch
        # field among them, and also without desegmentation (the first command read whole)
        got = fields(capture("synthetic/xlsa-691.pcap"), ["frame.number", "_ws.expert.message"], "-Y",
                     "_ws.expert.severity == \"Warning\"", "-o", "tcp.desegment_tcp_streams:FALSE")
        self.assertEqual(got, [["9", "Link state from a client that has not authenticated (no AUTH, no X-EXPS)"]])


class DnsFailure(exchtest.PluginTestCase):
    """exch.dns_failure: failed lookups of locator names. Real dnsmasq (testdata/real/MANIFEST.md,
    dns-53-failures): NXDOMAIN in 2, REFUSED in 4, frame 5 never answered; 7 is NXDOMAIN for a plain name."""

    def messages(self, name, *extra):
        rows = fields(capture(name), ["frame.number", "_ws.expert.message"], "-Y", "exch.dns_failure", *extra)
        return {int(n): [m for m in messages.split("|") if m.startswith("DNS failure")] for n, messages in rows}

    def test_real_dnsmasq(self):
        answered = {2: ["DNS failure: _ldap._tcp.dc._msdcs.example.test: NXDOMAIN"],
                    4: ["DNS failure: _kerberos._tcp.other.test: REFUSED"]}
        self.assertEqual(self.messages("real/dns-53-failures.pcap"), answered)
        # an unanswered query is known once the capture has been read
        self.assertEqual(self.messages("real/dns-53-failures.pcap", "-2"),
                         {**answered, 5: ["DNS failure: _gc._tcp.broken.test: no answer"]})
        # answered lookups: nothing
        for name in ("real/dns-53-udp.pcap", "real/dns-53-tcp.pcap"):
            self.assertEqual(self.messages(name, "-2"), {})

    def test_query_quoted_in_an_icmp_error(self):
        # the real firewall capture: dig's query (19) meets an ICMP port unreachable (20), which quotes it
        self.assertEqual(self.messages("real/firewall-127.0.0.12.pcap", "-2"),
                         {19: ["DNS failure: _ldap._tcp.example.test: no answer"]})

    def test_dns_over_tcp(self):
        work = tempfile.mkdtemp(prefix="exch-dns-")
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        path = os.path.join(work, "dns-tcp.pcap")
        with Pcap(path) as pcap:
            s = TcpSession(pcap, ("192.0.2.100", 50000), ("192.0.2.20", 53)).handshake()     # 1-3
            query = dns_message(7, 0x01, 0x00, "_gc._tcp.example.test")
            other = dns_message(8, 0x01, 0x00, "_gc._tcp.other.test")
            s.client(len(query).to_bytes(2, "big") + query + len(other).to_bytes(2, "big") + other)  # 4
            failed = dns_message(7, 0x81, 0x02, "_gc._tcp.example.test")
            s.server(len(failed).to_bytes(2, "big") + failed)                                   # 5
        self.assertEqual(self.messages(path), {5: ["DNS failure: _gc._tcp.example.test: SERVFAIL"]})
        # the second query of the segment was never answered
        self.assertEqual(self.messages(path, "-2"), {4: ["DNS failure: _gc._tcp.other.test: no answer"],
                                                     5: ["DNS failure: _gc._tcp.example.test: SERVFAIL"]})


if __name__ == "__main__":
    unittest.main()
