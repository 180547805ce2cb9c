# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin takes nothing away from stock Wireshark: same Protocol and Info
columns, same stock fields, on every capture, with and without the plugin."""
import glob
import os
import unittest

import exchtest
from exchtest import capture, fields

COLUMNS = ["frame.number", "tcp.port", "_ws.col.Protocol", "_ws.col.Info"]

# Ports no stock dissector owns, where the plugin adds one, and 7000, where it
# gives IRC text to IRC: only frames that stock Wireshark leaves as bare TCP, or
# takes for a protocol it guesses wrongly there, may change: Gryphon waiting for
# more of a PDU that is IRC text on 7000, and (from 4.4) the HiPerConTracer
# heuristic on a T.125 PDU of xrdp on 1503.
PLUGIN_PORTS = {"691", "2525", "2527", "379", "390", "50389", "1503", "7000"}
STOCK_GUESSES = {"7000": "Gryphon", "1503": "TCP, HiPerConTracer"}


def all_captures():
    found = []
    for pattern in ("*.pcap*", "real/*.pcap", "synthetic/*.pcap"):
        found += sorted(glob.glob(os.path.join(exchtest.TESTDATA, pattern)))
    return found


class StockUnchanged(exchtest.PluginTestCase):
    def test_protocol_and_info_columns(self):
        paths = all_captures()
        self.assertGreaterEqual(len(paths), 56)
        for path in paths:
            with self.subTest(capture=os.path.relpath(path, exchtest.TESTDATA)):
                for mine, stock in zip(fields(path, COLUMNS), fields(path, COLUMNS, plugin=False), strict=True):
                    if mine != stock:
                        guesses = [STOCK_GUESSES[p] for p in stock[1].split("|") if p in STOCK_GUESSES]
                        self.assertIn(stock[2], ["TCP"] + guesses, f"frame {stock[0]}")
                        self.assertTrue(set(stock[1].split("|")) & PLUGIN_PORTS, f"frame {stock[0]}")

    def test_stock_fields_on_stock_ports(self):
        cases = [
            ("real/smtp-25-session.pcap", "smtp.req.command"),
            ("real/ldap-3268-gc.pcap", "ldap.protocolOp"),
            ("real/ldap-389-simple-bind.pcap", "ldap.protocolOp"),
            ("real/http-80.pcap", "http.request.method"),
            ("real/imap-143.pcap", "imap.request"),
            ("real/pop3-110.pcap", "pop.request.command"),
            ("real/nntp-119.pcap", "nntp.request"),
            ("real/irc-6667.pcap", "irc.request"),
            ("real/dns-53-udp.pcap", "dns.qry.name"),
            ("real/dns-53-tcp.pcap", "dns.qry.name"),
            ("synthetic/cldap-389-udp.pcap", "ldap.protocolOp"),
            ("synthetic/msrpc-135.pcap", "dcerpc.pkt_type"),
            ("synthetic/h323-1720.pcap", "q931.message_type"),
            ("synthetic/x400-102.pcap", "ses.type"),
        ]
        for path, field in cases:
            with self.subTest(capture=path, field=field):
                with_plugin = fields(capture(path), ["frame.number", field])
                self.assertTrue([row for row in with_plugin if row[1]], f"{field} absent")
                self.assertEqual(with_plugin, fields(capture(path), ["frame.number", field], plugin=False))

    def test_smtp_layers_and_decode_as(self):
        # the link-state analysis beside SMTP adds no layer and keeps SMTP's ports
        for path in ("real/smtp-25-session.pcap", "real/smtp-25-xlink2state.pcap", "synthetic/xlsa-transfer-25.pcap"):
            with self.subTest(capture=path):
                self.assertEqual(fields(capture(path), ["frame.protocols"]),
                                 fields(capture(path), ["frame.protocols"], plugin=False))
        smtp = [line for line in exchtest.tshark(["-G", "decodes"]).splitlines() if line.endswith("\tsmtp")]
        self.assertEqual(smtp, ["tcp.port\t25\tsmtp", "tcp.port\t587\tsmtp", "tls.port\t465\tsmtp"])
        self.assertEqual(smtp, [line for line in exchtest.tshark(["-G", "decodes"], plugin=False).splitlines()
                                if line.endswith("\tsmtp")])


if __name__ == "__main__":
    unittest.main()
