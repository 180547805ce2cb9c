# SPDX-License-Identifier: GPL-2.0-or-later
"""Which servers are Exchange servers (README, "Which hosts are Exchange
servers"): exch.host.* on every labelled frame, from the evidence frames up to
it showed. Captures: testdata/make-synthetic.py (frame numbers commented
there), the real ones of testdata/real/MANIFEST.md, and the real Exchange 2003
session ../shared/captures/zeek-dce-rpc-mapi.pcap."""
import collections
import unittest

import exchtest
from exchtest import capture, fields, shared_capture

HOST = ["exch.server", "exch.host.exchange", "exch.host.strength", "exch.host.evidence", "exch.host.evidence_in"]


def by_frame(path, *extra):
    return {int(r[0]): tuple(r[1:]) for r in fields(path, ["frame.number"] + HOST, "-Y", "exch", *extra)}


def hosts(path, *extra):
    """Counter of the distinct exch.host answers over the labelled frames."""
    return collections.Counter(tuple(r) for r in fields(path, HOST, "-Y", "exch.host.exchange", *extra))


class Evidence(exchtest.PluginTestCase):
    def test_smtp_greeting_then_ehlo(self):
        # 4: "220 ex1.example.test Microsoft ESMTP MAIL Service" (weak); 6: the EHLO reply advertises X-EXPS,
        # X-LINK2STATE, XEXCH50 (strong); before frame 4 nothing is known
        got = by_frame(capture("synthetic/xlsa-transfer-25.pcap"))
        none = ("192.0.2.10", "", "", "", "")
        greeting = ("192.0.2.10", "1", "weak", "smtp-greeting", "4")
        both = ("192.0.2.10", "1", "strong", "ehlo|smtp-greeting", "6|4")
        self.assertEqual(got, {**{n: none for n in (1, 2, 3)}, 4: greeting, 5: greeting,
                               **{n: both for n in range(6, 26)}})

    def test_accepted_link_state(self):
        # 8: "250 2.0.0 OK" to the X-LINK2STATE command pipelined behind BDAT
        got = by_frame(capture("synthetic/xlsa-bdat-pipelined.pcap"))
        self.assertEqual(got[7], ("192.0.2.10", "1", "strong", "ehlo|smtp-greeting", "6|4"))
        self.assertEqual(got[8], ("192.0.2.10", "1", "strong", "ehlo|link-state|smtp-greeting", "6|8|4"))

    def test_refused_link_state_is_no_evidence(self):
        # Postfix answers the client's X-LINK2STATE with 500: nothing about Postfix; no Microsoft greeting
        for name in ("real/smtp-25-xlink2state.pcap", "real/smtp-25-session.pcap", "real/smtp-691-xlsa.pcap",
                     "real/http-80.pcap", "real/imap-143.pcap"):
            with self.subTest(capture=name):
                self.assertEqual(hosts(capture(name)), {})

    def test_endpoint_mapper_registering_exchange_interfaces(self):
        # 11: NSPI and MAPI on the mapper's own 0.0.0.0 (192.0.2.10); 13: NSPI on 192.0.2.11
        got = hosts(capture("synthetic/epm-learned-135.pcap"))
        self.assertEqual(set(got), {("192.0.2.10", "1", "strong", "epm", "11"),
                                    ("192.0.2.11", "1", "strong", "epm", "13")})
        # Samba's mapper registers no Exchange interface
        self.assertEqual(hosts(capture("real/epm-135-samba.pcap")), {})

    def test_rvp_server_not_its_callback_clients(self):
        got = hosts(capture("synthetic/rvp-80.pcap"))
        self.assertEqual(got, {("192.0.2.10", "1", "weak", "rvp", "5"): 14})

    def test_real_exchange_2003(self):
        got = hosts(shared_capture("zeek-dce-rpc-mapi.pcap"))
        self.assertEqual(set(got), {("192.168.0.2", "1", "strong", "epm", "400")})

    def test_greetings_of_imap_pop3_nntp(self):
        # 4: Exchange 2003 IMAP4; 12: Exchange 2000 POP3; 20: IIS NNTP (testdata/make-synthetic.py, greetings)
        got = by_frame(capture("synthetic/greetings-143-110-119.pcap"))
        want = {}
        for first, server, kind in ((1, "192.0.2.10", "imap-greeting"), (9, "192.0.2.12", "pop3-greeting"),
                                    (17, "192.0.2.13", "nntp-greeting")):
            want.update({n: (server, "", "", "", "") for n in range(first, first + 3)})
            want.update({n: (server, "1", "weak", kind, str(first + 3)) for n in range(first + 3, first + 8)})
        self.assertEqual(got, want)
        # the stock dissectors show what they show without the plugin
        cols = ["frame.number", "_ws.col.Protocol", "_ws.col.Info", "imap.response", "pop.response", "nntp.response"]
        path = capture("synthetic/greetings-143-110-119.pcap")
        self.assertEqual(fields(path, cols), fields(path, cols, plugin=False))

    def test_iis_answering_outlook_web_access(self):
        # 5: IIS 6.0 answers /exchange/alice/ with 401; IIS answering / (13) and Apache answering /exchange/
        # (21) are no evidence (testdata/make-synthetic.py, owa)
        got = by_frame(capture("synthetic/owa-80.pcap"))
        want = {n: ("192.0.2.10", "", "", "", "") for n in range(1, 5)}
        want.update({n: ("192.0.2.10", "1", "weak", "owa", "5") for n in range(5, 9)})
        want.update({n: (server, "", "", "", "") for server, first in (("192.0.2.15", 9), ("192.0.2.16", 17))
                     for n in range(first, first + 8)})
        self.assertEqual(got, want)
        # nginx answering /exchange/ behind HTTP Basic (real, testdata/real/MANIFEST.md)
        self.assertEqual(hosts(capture("real/http-80-basic.pcap")), {})

    def test_dovecot_and_leafnode_show_nothing(self):
        for name, extra in (("real/imap-143.pcap", ()), ("real/pop3-110.pcap", ()), ("real/nntp-119.pcap", ()),
                            ("real/imaps-993.pcap",
                             ("-o", "tls.keylog_file:" + exchtest.sandbox().readable(capture("real/imaps-993.keys"))))):
            with self.subTest(capture=name):
                self.assertEqual(hosts(capture(name), *extra), {})

    def test_same_in_two_passes(self):
        # every frame labelled in both passes (a second pass labels more frames of learned connections)
        for name in ("synthetic/xlsa-transfer-25.pcap", "synthetic/rvp-80.pcap", "synthetic/epm-learned-135.pcap",
                     "synthetic/greetings-143-110-119.pcap"):
            with self.subTest(capture=name):
                one, two = by_frame(capture(name)), by_frame(capture(name), "-2")
                self.assertGreater(len(one), 20)
                self.assertEqual({n: two[n] for n in one}, one)


if __name__ == "__main__":
    unittest.main()
