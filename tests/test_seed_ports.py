# SPDX-License-Identifier: GPL-2.0-or-later
"""Seed ports stock Wireshark leaves hidden or gives to another protocol: IRC
on 7000 (Gryphon's port), T.120 on 1503, NNTP and IRC after TLS on 563 and
994. Each test also runs the stock tshark, to show what the plugin adds and
that it takes nothing away. Real captures: testdata/real/MANIFEST.md (the
clients are testdata/clients/nntp_client.py and irc_client.py)."""
import unittest

import exchtest
from exchtest import capture, fields, sandbox


def keylog(name):
    return ["-o", "tls.keylog_file:" + sandbox().readable(capture(f"real/{name}.keys"))]


def column(path, name, *extra, plugin=True):
    """The non-empty values of one field, frame by frame."""
    return [(int(n), v) for n, v in fields(path, ["frame.number", name], *extra, plugin=plugin) if v]


def protocols(path, *extra, plugin=True):
    return {int(n): p for n, p in fields(path, ["frame.number", "frame.protocols"], *extra, plugin=plugin)}


def without_exch(verbose):
    """tshark -V text without the exch protocol's lines (its subtree is the last of a frame)."""
    kept, skipping = [], False
    for line in verbose.splitlines():
        if line.startswith("Microsoft Exchange"):
            skipping = True
        elif not line.startswith(" "):
            skipping = False
        if not skipping:
            kept.append(line)
    return kept


class SharedPorts(exchtest.PluginTestCase):
    def test_irc_on_7000(self):
        # irc_client.py against ngIRCd on 7000: the commands of every request, as on 6667
        path = capture("real/irc-7000.pcap")
        want = [(4, "NICK"), (6, "USER"), (10, "JOIN"), (13, "PRIVMSG"), (15, "QUIT")]
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                self.assertEqual(column(path, "irc.request.command", *passes), want)
        self.assertEqual(column(capture("real/irc-6667.pcap"), "irc.request.command"), want)
        self.assertEqual(column(path, "irc.request.command", plugin=False), [])

    def test_gryphon_on_7000_stays_gryphon(self):
        path = capture("synthetic/gryphon-7000.pcap")
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                self.assertEqual(column(path, "gryphon.type", *passes), [(4, "1"), (5, "2")])
                self.assertEqual(column(path, "gryphon.cmd", *passes), [(4, "80")])
                # Gryphon vetoes the irc role: its frames carry no label
                self.assertEqual(column(path, "exch.role", *passes), [(1, "irc"), (2, "irc"), (3, "irc")]
                                 if not passes else [])
        self.assertEqual(without_exch(exchtest.tshark(["-n", "-r", path, "-V"])),
                         without_exch(exchtest.tshark(["-n", "-r", path, "-V"], plugin=False)))

    def test_t120_on_1503(self):
        # xrdp and xfreerdp: X.224 CR/CC, then MCS Connect-Initial/-Response carrying T.124 GCC
        path = capture("real/t120-1503.pcap")
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                got = protocols(path, *passes)
                self.assertEqual(got[4], "eth:ethertype:ip:tcp:tpkt:cotp:rdp")
                self.assertEqual(got[6], "eth:ethertype:ip:tcp:tpkt:cotp")
                self.assertEqual((got[8], got[9]), ("eth:ethertype:ip:tcp:tpkt:cotp:t125:t124",) * 2)
                self.assertEqual(column(path, "t124.object", *passes),
                                 [(8, "0.0.20.124.0.1"), (9, "0.0.20.124.0.1")])
        # stock Wireshark leaves it raw; from 4.4 its HiPerConTracer heuristic takes one of xrdp's PDUs
        # (frame 34) for its own, a guess the port's T.125 replaces
        stock = set(protocols(path, plugin=False).values()) - {"eth:ethertype:ip:tcp:hipercontracer"}
        self.assertEqual(stock, {"eth:ethertype:ip:tcp", "eth:ethertype:ip:tcp:data"})

    def test_synthetic_t125_on_1503(self):
        got = protocols(capture("synthetic/t120-1503.pcap"))
        self.assertEqual((got[4], got[6]), ("eth:ethertype:ip:tcp:tpkt:cotp", "eth:ethertype:ip:tcp:tpkt:cotp:t125"))


class Ircx(exchtest.PluginTestCase):
    # testdata/make-synthetic.py ircx_session: the same IRCX session on 6667 (frames 1-20) and 7000 (21-40)
    WANT = [(4, "ISIRCX", ""), (5, "", "800"), (6, "IRCX", ""), (7, "", "800"), (8, "AUTH", ""), (11, "CREATE", ""),
            (12, "PROP", ""), (13, "WHISPER", ""), (14, "DATA", ""), (15, "ACCESS", ""), (16, "", "913")]

    def test_commands_and_numerics_on_6667_and_7000(self):
        path = capture("synthetic/ircx-6667-7000.pcap")
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                rows = [(int(n), c, k) for n, c, k in fields(path, ["frame.number", "ircx.command", "ircx.numeric"],
                                                            "-Y", "ircx", *passes)]
                self.assertEqual(rows, self.WANT + [(n + 20, c, k) for n, c, k in self.WANT])
        # IRC itself as without the plugin on 6667 (PRIVMSG of frame 17 is no IRCX)
        cols = ["frame.number", "frame.protocols", "irc.request.command", "irc.response.command"]
        self.assertEqual(fields(path, cols, "-Y", "tcp.port == 6667"),
                         fields(path, cols, "-Y", "tcp.port == 6667", plugin=False))

    def test_plain_irc_has_no_ircx(self):
        for name in ("real/irc-6667.pcap", "real/irc-7000.pcap"):
            with self.subTest(capture=name):
                self.assertEqual(fields(capture(name), ["frame.number"], "-Y", "ircx"), [])


class InsideTls(exchtest.PluginTestCase):
    def test_nntp_after_tls_on_563(self):
        # nntplib: greeting, CAPABILITIES (sent by nntplib itself), LIST, QUIT
        path, keys = capture("real/nntps-563.pcap"), keylog("nntps-563")
        nntp = fields(path, ["frame.number", "_ws.col.Info"], "-Y", "nntp", *keys)
        self.assertEqual([(int(n), info.split(" (")[0]) for n, info in nntp],
                         [(13, "Response: 200 Leafnode NNTP Daemon, version 1.12.0 running at news.home.arpa"),
                          (15, "Request: CAPABILITIES"), (16, "Response: 500 Unknown command"),
                          (17, "Request: LIST"), (18, 'Response: 215 Newsgroups in form "group high low flags".'),
                          (19, "Request: QUIT"), (20, "Response: 205 Always happy to serve!")])
        self.assertEqual(fields(path, ["frame.number"], "-Y", "nntp", *keys, plugin=False), [])
        self.assertEqual({r for _, r in column(path, "exch.role", *keys)}, {"nntp-ssl"})

    def test_irc_after_tls_on_994(self):
        # irc_client.py: NICK + USER, JOIN #exchange, PRIVMSG #exchange :hello, QUIT :bye
        path, keys = capture("real/ircs-994.pcap"), keylog("ircs-994")
        self.assertEqual(column(path, "irc.request.command", *keys),
                         [(12, "NICK|USER"), (15, "JOIN"), (18, "PRIVMSG"), (20, "QUIT")])
        self.assertEqual(column(path, "irc.request.command", *keys, plugin=False), [])

    def test_without_keys_the_records_stay_tls(self):
        for name in ("nntps-563", "ircs-994"):
            with self.subTest(capture=name):
                protocols = {p for _, p in column(capture(f"real/{name}.pcap"), "_ws.col.Protocol")}
                self.assertEqual(protocols, {"TCP", "TLSv1", "TLSv1.3"})


if __name__ == "__main__":
    unittest.main()
