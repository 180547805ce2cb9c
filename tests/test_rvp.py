# SPDX-License-Identifier: GPL-2.0-or-later
"""RVP, Exchange 2000 Instant Messaging, beside stock HTTP on 80, and its
callbacks (README, "RVP"). synthetic/rvp-80.pcap is built by
testdata/make-synthetic.py (rvp_session, frame numbers commented there) from
draft-osborne-rvp-00 and a real client's log; real/http-80-rvp-subscribe.pcap
is curl's SUBSCRIBE to nginx (testdata/real/MANIFEST.md)."""
import unittest

import exchtest
from exchtest import capture, fields

RVP = capture("synthetic/rvp-80.pcap")
NAMES = ["frame.number", "exch.role", "exch.basis", "exch.learned_in", "rvp.method", "rvp.status"]


def by_frame(path, names, *extra):
    return {int(row[0]): row[1:] for row in fields(path, ["frame.number"] + names, *extra)}


class Messages(exchtest.PluginTestCase):
    def test_labels_on_80(self):
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                got = by_frame(RVP, ["exch.role", "exch.basis", "rvp.method", "rvp.status"], *passes)
                self.assertEqual([got[n] for n in (4, 5, 6, 7, 8)],
                                 [["rvp", "content", "SUBSCRIBE", ""], ["rvp", "content", "", "200"],
                                  ["rvp", "content", "SUBSCRIPTIONS", ""], ["rvp", "content", "", "207"],
                                  ["rvp", "content", "PROPPATCH", ""]])
                # OWA's new-mail SUBSCRIBE (httpu Call-Back, no RVP header) and the handshake stay http
                self.assertEqual([got[n] for n in (1, 10, 11)], [["http", "port", "", ""]] * 3)

    def test_headers_and_bodies(self):
        names = ["rvp.notifications_version", "rvp.from_principal", "rvp.call_back", "rvp.subscription_id",
                 "rvp.subscription_lifetime", "rvp.notification_type", "rvp.ack_type", "rvp.hop_count", "rvp.uri"]
        got = by_frame(RVP, names)
        self.assertEqual(got[4], ["0.2", "http://im.example.test/instmsg/aliases/alice", "http://192.0.2.100:48401",
                                  "", "14000", "pragma/notify", "", "", "/instmsg/aliases/alice"])
        self.assertEqual(got[5], ["0.2", "", "", "1001", "14400", "", "", "", ""])
        self.assertEqual(got[8][6:8], ["DeepOr", "1"])
        body = by_frame(RVP, ["rvp.state", "rvp.message", "rvp.invitation.command", "rvp.invitation.ip",
                              "rvp.invitation.port"])
        self.assertEqual({n: v for n, v in body.items() if any(v)},
                         {8: ["busy", "", "", "", ""], 15: ["online", "", "", "", ""],
                          17: ["", "hello, alice", "", "", ""], 19: ["", "", "ACCEPT", "192.0.2.101", "6891"]})

    def test_stock_http_unchanged_on_80(self):
        cols = ["frame.number", "_ws.col.Protocol", "_ws.col.Info", "http.request.method", "http.response.code"]
        self.assertEqual(fields(RVP, cols), fields(RVP, cols, plugin=False))
        # SUBSCRIPTIONS is no request to stock HTTP; the plugin reads it
        self.assertEqual(fields(RVP, ["http.request.method"], "-Y", "frame.number == 6", plugin=False), [[""]])

    def test_bad_call_back(self):
        got = [(n, [m for m in messages.split("|") if "Call-Back" in m])
               for n, messages in fields(RVP, ["frame.number", "_ws.expert.message"], "-Y", "rvp.bad_endpoint")]
        self.assertEqual(got, [("31", ["Call-Back or IP-Address/Port that is no IPv4 address and port from 1 to "
                                       "65535: not followed"])])

    def test_real_subscribe_to_nginx(self):
        # curl's SUBSCRIBE is RVP by its header; nginx's 405 has none, and refuses: no callback follows
        path = capture("real/http-80-rvp-subscribe.pcap")
        got = by_frame(path, ["exch.role", "exch.basis", "rvp.method", "rvp.call_back"], "-Y", "http")
        self.assertEqual(got, {4: ["rvp", "content", "SUBSCRIBE", "http://127.0.0.1:48401"],
                               6: ["http", "port", "", ""]})


class Callbacks(exchtest.PluginTestCase):
    def test_callback_connection(self):
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                got = by_frame(RVP, ["exch.role", "exch.basis", "exch.learned_in", "exch.server", "exch.port"],
                               *passes)
                self.assertEqual({tuple(got[n]) for n in range(12, 24)},
                                 {("rvp", "learned", "4", "192.0.2.100", "48401")})
                # the file transfer that the ACCEPT of frame 19 announced
                self.assertEqual({tuple(got[n]) for n in range(24, 31)},
                                 {("rvp", "learned", "19", "192.0.2.101", "6891")})
                # after UNSUBSCRIBE (frame 33) a connection to 48401 is no callback
                self.assertEqual({tuple(got[n]) for n in range(38, 46)}, {("", "", "", "", "")})

    def test_known_servers_apply_to_the_announcer(self):
        learned = [n for n, (basis,) in by_frame(RVP, ["exch.basis"], "-o", "exch.server_addresses:192.0.2.99").items()
                   if basis == "learned"]
        self.assertEqual(learned, [])
        # the callback, and the file transfer announced on it (a learned flow of the known server)
        got = by_frame(RVP, ["exch.basis"], "-o", "exch.server_addresses:192.0.2.10")
        self.assertEqual([n for n, (basis,) in got.items() if basis == "learned"], list(range(12, 31)))

    def test_callback_dissected_as_rvp(self):
        got = by_frame(RVP, ["frame.protocols"])
        self.assertEqual(got[15], ["eth:ethertype:ip:tcp:rvp:http:xml"])
        self.assertEqual(got[41], ["eth:ethertype:ip:tcp:http:xml"])       # stock HTTP's heuristic, no callback

    def test_announcing_frames(self):
        got = by_frame(RVP, ["exch.announced.server", "exch.announced.port", "exch.announced.connection"],
                       "-Y", "exch.announced", "-2")
        self.assertEqual(got, {4: ["192.0.2.100", "48401", "12"], 19: ["192.0.2.101", "6891", "24"]})


if __name__ == "__main__":
    unittest.main()
