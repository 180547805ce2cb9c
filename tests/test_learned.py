# SPDX-License-Identifier: GPL-2.0-or-later
"""Learned endpoints: the ports the DCE/RPC endpoint mapper hands out, and the
connections to them (README, "Ports Exchange negotiates"). Synthetic captures:
testdata/make-synthetic.py, epm_learned and epm_cap (frame numbers commented
there); the real Exchange 2003 session is ../shared/captures/zeek-dce-rpc-mapi.pcap."""
import collections
import os
import shutil
import subprocess
import tempfile
import unittest

import exchtest
from exchtest import capture, fields, shared_capture

LABEL = ["frame.number", "exch.role", "exch.basis", "exch.learned_in", "exch.rpc.interface"]
WORK = tempfile.mkdtemp(prefix="exch-learned-")


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def labels(path, *extra):
    """{frame: (role, basis, learned_in, interfaces)} of the labelled frames."""
    return {int(n): tuple(rest) for n, *rest in fields(path, LABEL, "-Y", "exch", *extra)}


def learned(path, *extra):
    return {n: v for n, v in labels(path, *extra).items() if v[1] == "learned"}


def experts(path, *extra):
    return {int(n): m for n, m in fields(path, ["frame.number", "_ws.expert.message"], "-Y", "exch", *extra)
            if "ndpoint" in m}


class EndpointMapper(exchtest.PluginTestCase):
    def test_announcements(self):
        path = capture("synthetic/epm-learned-135.pcap")
        rows = fields(path, ["frame.number", "exch.announced.server", "exch.announced.port", "exch.announced.role",
                             "exch.rpc.interface"], "-Y", "exch.announced")
        # 0.0.0.0 is the mapper's own address; port 0 is not followed; 49155 announced again with another
        # interface, which Wireshark does not name (the plugin's table does): an answer shows what it announced
        self.assertEqual(rows, [["11", "192.0.2.10|192.0.2.10|192.0.2.10", "49155|49156|8080", "msrpc|msrpc|msrpc",
                                 "MAPI|NSPI|NSPI"],
                                ["13", "192.0.2.11", "49158", "msrpc", "NSPI"],
                                ["15", "192.0.2.10", "49155", "msrpc", "Exchange store admin 1"]])
        self.assertEqual(experts(path), {11: "Announced endpoint not followed: port 0, or no IP address",
                                         13: "Endpoint mapper tower whose floors do not fit together: not followed"})

    def test_connections_one_pass(self):
        path = capture("synthetic/epm-learned-135.pcap")
        both = "MAPI|Exchange store admin 1"
        want = {n: ("msrpc", "learned", "11", "NSPI") for n in range(19, 23)}          # started before frame 11
        want.update({n: ("msrpc", "learned", "11", both) for n in range(23, 30)})      # to 49155
        want.update({n: ("msrpc", "learned", "11", "NSPI") for n in range(30, 37)})    # to 8080, still HTTP
        want.update({n: ("msrpc", "learned", "13", "NSPI") for n in range(49, 55)})    # the host the tower names
        self.assertEqual(learned(path), want)
        # 49155 as another host's client port, and the odd tower's port, give no label
        self.assertEqual(set(labels(path)) & set(range(37, 49)), set())

    def test_connections_two_passes(self):
        path = capture("synthetic/epm-learned-135.pcap")
        got = learned(path, "-2")
        # the whole connection that started before the announcement
        self.assertEqual({n: got[n] for n in range(1, 5)}, {n: ("msrpc", "learned", "11", "NSPI") for n in range(1, 5)})
        self.assertEqual(set(got), set(range(1, 5)) | set(range(19, 37)) | set(range(49, 55)))
        links = fields(path, ["frame.number", "exch.announced.port", "exch.announced.connection",
                              "exch.announced.connections"], "-Y", "exch.announced", "-2")
        self.assertEqual(links, [["11", "49155|49156|8080", "23|1|30", "1|1|1"], ["13", "49158", "49", "1"],
                                 ["15", "49155", "23", "1"]])
        # one pass: the connections are not known yet when the answer is shown
        links = fields(path, ["frame.number", "exch.announced.connections"], "-Y", "exch.announced")
        self.assertEqual(links, [["11", "0|0|0"], ["13", "0"], ["15", "0"]])

    def test_known_servers_apply_to_the_mapper(self):
        path = capture("synthetic/epm-learned-135.pcap")
        self.assertEqual(learned(path, "-o", "exch.server_addresses:192.0.2.99"), {})
        self.assertEqual(set(learned(path, "-o", "exch.server_addresses:192.0.2.10")),
                         set(range(19, 37)) | set(range(49, 55)))

    def test_stock_dissection_unchanged(self):
        path = capture("synthetic/epm-learned-135.pcap")
        cols = ["frame.number", "frame.protocols", "_ws.col.Info"]
        self.assertEqual(fields(path, cols), fields(path, cols, plugin=False))
        self.assertEqual(fields(path, ["http.request.method"], "-Y", "frame.number == 33"), [["GET"]])

    def test_cap(self):
        # 4,096 endpoints from 64 answers (frames 7..133); the 65th answer (frame 135) is over both caps
        path = capture("synthetic/epm-cap-135.pcap")
        ports = fields(path, ["frame.number", "exch.announced.port"], "-Y", "exch.announced")
        self.assertEqual(len(ports), 64)
        self.assertEqual(sum(len(p.split("|")) for _, p in ports), 4096)
        self.assertEqual((ports[-1][0], ports[-1][1].split("|")[-1]), ("133", "14095"))
        self.assertEqual(experts(path), {135: "Announced endpoint not followed: 4,096 learned endpoints are known "
                                              "already|More than 64 TCP towers in one endpoint mapper response: "
                                              "the rest are not followed"})
        got = labels(path)
        self.assertEqual({got[n] for n in range(139, 145)}, {("msrpc", "learned", "133", "MAPI")})
        self.assertEqual(set(got) & set(range(145, 151)), set())


class RealExchangeSession(exchtest.PluginTestCase):
    """zeek-dce-rpc-mapi.pcap: an Outlook client (192.168.0.173) asks the Exchange 2003 server's endpoint
    mapper (192.168.0.2:135) for NSPI (answer in frame 400: port 4997) and MAPI (frame 705: port 1032)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = shared_capture("zeek-dce-rpc-mapi.pcap")

    def endpoints(self, *extra):
        """Counter of (server, port, learned_in, interface) over the learned frames."""
        rows = fields(self.path, ["exch.server", "exch.port", "exch.learned_in", "exch.rpc.interface"],
                      "-Y", 'exch.basis == "learned"', *extra)
        return collections.Counter(tuple(r) for r in rows)

    def test_answers(self):
        rows = fields(self.path, ["frame.number", "exch.announced.server", "exch.announced.port",
                                  "exch.rpc.interface"], "-Y", "exch.announced")
        self.assertEqual(rows, [["400", "192.168.0.2", "4997", "NSPI"], ["705", "192.168.0.2", "1032", "MAPI"]])

    def test_nspi_and_mapi_endpoints(self):
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                got = self.endpoints(*passes)
                self.assertEqual(set(got), {("192.168.0.2", "4997", "400", "NSPI"),
                                            ("192.168.0.2", "1032", "705", "MAPI")})
        # a second pass also labels the frames of the MAPI connection of 192.168.0.129, which began
        # before the answer of frame 705
        self.assertGreater(sum(self.endpoints("-2").values()), sum(self.endpoints().values()))

    def test_first_learned_frames_follow_the_answers(self):
        got = learned(self.path)
        self.assertEqual(min(n for n, v in got.items() if v[3] == "NSPI"), 405)
        self.assertEqual(min(n for n, v in got.items() if v[3] == "MAPI"), 706)

    def test_a_client_port_1032_elsewhere_is_not_mapi(self):
        # the NSPI connection's client port rewritten to 1032: still NSPI, to 4997, never MAPI
        nspi_client = fields(self.path, ["tcp.srcport"], "-Y", "tcp.dstport == 4997 && tcp.flags.syn == 1 && "
                                                              "tcp.flags.ack == 0")[0][0]
        out = os.path.join(WORK, "mapi-1032.pcap")
        subprocess.run(["tcprewrite", f"--portmap={nspi_client}:1032", "-i", self.path, "-o", out], check=True,
                       capture_output=True)
        rows = fields(out, ["exch.port", "exch.rpc.interface"], "-Y", "tcp.port == 4997 && exch")
        self.assertEqual({tuple(r) for r in rows}, {("4997", "NSPI")})

    def test_stock_dissection_unchanged(self):
        cols = ["frame.number", "frame.protocols", "_ws.col.Info"]
        self.assertEqual(fields(self.path, cols), fields(self.path, cols, plugin=False))


if __name__ == "__main__":
    unittest.main()
