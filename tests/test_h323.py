# SPDX-License-Identifier: GPL-2.0-or-later
"""H.323: the H.245 connection and the RTP/RTCP streams a call on 1720
negotiates, followed from what the stock H.225.0 and H.245 dissectors set up
(README, "Ports Exchange negotiates"). Synthetic capture (no H.323 software in
Debian): testdata/make-synthetic.py, h323_call, frame numbers commented there:
1 a datagram to the future media port before any announcement; 2-6 and 20-22
the call on 1720, whose CONNECT (6) announces H.245 at 192.0.2.10:30000; 7-10
and 17-19 that H.245 connection, whose OpenLogicalChannelAck (10) announces
RTP at 192.0.2.10:40000 and RTCP at :40001; 11-13 RTP, 14 RTCP; 15 the same
ports between two other hosts; 16 a port nobody announced."""
import unittest

import exchtest
from exchtest import capture, fields, shared_capture

LABEL = ["frame.number", "exch.role", "exch.basis", "exch.server", "exch.port", "exch.learned_in", "exch.direction"]
CALL = "synthetic/h323-call-1720.pcap"


def labels(*extra):
    return {int(n): tuple(rest) for n, *rest in fields(capture(CALL), LABEL, "-Y", "exch", *extra)}


def on_1720(frames, to_server):
    return {n: ("h323", "port", "192.0.2.10", "1720", "", "to-server" if n in to_server else "from-server")
            for n in frames}


def learned(frames, port, learned_in, to_server):
    return {n: ("h323", "learned", "192.0.2.10", str(port), str(learned_in),
                "to-server" if n in to_server else "from-server") for n in frames}


ONE_PASS = {**on_1720([2, 3, 4, 5, 6, 20, 21, 22], {2, 4, 5, 20, 22}),
            **learned([7, 8, 9, 10, 17, 18, 19], 30000, 6, {7, 9, 17, 19}),
            **learned([11, 12, 13], 40000, 10, {11, 12, 13}),
            **learned([14], 40001, 10, {14})}


class H323(exchtest.PluginTestCase):
    def test_one_pass(self):
        # from the first frame after each announcement: not frame 1, nor the other hosts' 15, nor 16
        self.assertEqual(labels(), ONE_PASS)

    def test_two_passes(self):
        # every frame of a learned flow: frame 1 is the RTP stream's flow, before its announcement (and so the
        # first frame of the connection the OpenLogicalChannelAck lists)
        self.assertEqual(labels("-2"), {**ONE_PASS, **learned([1], 40000, 10, {1})})

    def test_announcing_frames_link_their_connections(self):
        names = ["frame.number", "exch.announced.port", "exch.announced.role", "exch.announced.connection",
                 "exch.announced.connections"]
        self.assertEqual(fields(capture(CALL), names, "-Y", "exch.announced", "-2"),
                         [["6", "30000", "h323", "7", "1"], ["10", "40000|40001", "h323|h323", "1|14", "1|1"]])
        # one pass: an announcement of the stock dissectors is recognised at the first frame that reaches it,
        # after the announcing frame was shown
        self.assertEqual(fields(capture(CALL), names, "-Y", "exch.announced"), [])

    def test_only_calls_on_an_h323_port(self):
        # 1720 given to another role: the stock dissectors still set up H.245 and RTP, but nothing the call
        # negotiates is followed
        prefs = ["-o", "exch.h323_tcp_ports:1721", "-o", "exch.uls_tcp_ports:522,1720"]
        uls = {n: ("uls",) + label[1:] for n, label in on_1720([2, 3, 4, 5, 6, 20, 21, 22], {2, 4, 5, 20, 22}).items()}
        self.assertEqual(labels(*prefs), uls)
        self.assertEqual(labels("-2", *prefs), uls)

    def test_stock_dissection_unchanged(self):
        names = ["frame.number", "frame.protocols", "h225.h245Address", "h245.tsapIdentifier", "rtp.setup-frame",
                 "rtcp.setup-frame"]
        stock = fields(capture(CALL), names, plugin=False)
        self.assertEqual([r[1] for r in stock[9:14]],
                         ["eth:ethertype:ip:tcp:h245:h245"] + ["eth:ethertype:ip:udp:rtp"] * 3 +
                         ["eth:ethertype:ip:udp:rtcp"])
        self.assertEqual([r[4:] for r in stock[10:14]], [["10", ""]] * 3 + [["", "10"]])
        mine = fields(capture(CALL), names)
        self.assertEqual([r[:1] + r[2:] for r in mine], [r[:1] + r[2:] for r in stock])



class RealCall(exchtest.PluginTestCase):
    """../shared/captures/ndpi-h323.pcap: a call on 1720 to 10.1.6.18 whose CONNECT (frame 18) announces
    H.245 at 10.1.6.18:1232; 10.1.3.143 connects there (frames 22-43: capabilities, master/slave
    determination, OpenLogicalChannel and its Ack for G.711 A-law, no media in the capture)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = shared_capture("ndpi-h323.pcap")

    def test_h245_connection_learned(self):
        to_server = {22, 24, 26, 28, 29, 30, 32, 35, 37, 38, 40, 41, 43}
        want = [[str(n), "h323", "learned", "10.1.6.18", "1232", "18", "to-server" if n in to_server else
                 "from-server"] for n in range(22, 44)]
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                self.assertEqual(fields(self.path, LABEL, "-Y", 'exch.basis == "learned"', *passes), want)
        self.assertEqual(fields(self.path, ["frame.number", "exch.announced.port", "exch.announced.connection"],
                                "-Y", "exch.announced", "-2"), [["18", "1232", "22"]])

    def test_stock_dissection_unchanged(self):
        cols = ["frame.number", "frame.protocols", "_ws.col.Info"]
        self.assertEqual(fields(self.path, cols), fields(self.path, cols, plugin=False))

if __name__ == "__main__":
    unittest.main()
