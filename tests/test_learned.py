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



class RealSambaMapper(exchtest.PluginTestCase):
    """real/epm-135-samba.pcap (testdata/real/MANIFEST.md): impacket asks Samba's AD DC endpoint mapper
    (127.0.0.11:135) for DRSUAPI (answer in frame 9: 49153) and NETLOGON (11: 49152), then looks up all 53
    entries (a response in two fragments, frames 13 and 14), then binds to DRSUAPI on 49153 (frames 21-30).
    Every tower names 0.0.0.0: the mapper's own address."""

    path = capture("real/epm-135-samba.pcap")
    # 49153 in the order announced: DRSUAPI (9), then the lookup (13): DNSSERVER, BackupKey, EventLog6,
    # browser, unixinfo, DSSETUP, (DRSUAPI again), LSARPC; MGMT, the ninth, is beyond the cap of 8
    ON_49153 = ["e3514235-4b06-11d1-ab04-00c04fc2dcd2", "50abc2a4-574d-40b3-9d66-ee4fd5fba076",
                "3dde7c30-165d-11d1-ab8f-00805f14db40", "f6beaff7-1e19-4fbb-9f8f-b89e2018337c",
                "6bffd098-a112-3610-9833-012892020162", "9c54e310-a955-4885-bd31-78787147dfa6",
                "3919286a-b10c-11d0-9ba8-00c04fd92ef5", "12345778-1234-abcd-ef00-0123456789ab"]

    def test_answers(self):
        rows = fields(self.path, ["frame.number", "exch.announced.server", "exch.announced.port"],
                      "-Y", "exch.announced")
        self.assertEqual(rows, [["9", "127.0.0.11", "49153"], ["11", "127.0.0.11", "49152"],
                                ["13", "127.0.0.11", "49153"],
                                ["14", "127.0.0.11|127.0.0.11|127.0.0.11", "49152|49154|135"]])
        # the tower cut by the end of frame 13's fragment is read across the cut, not reported odd
        self.assertEqual(experts(self.path), {})

    def test_connection_to_the_learned_port(self):
        names = ["frame.number", "exch.role", "exch.basis", "exch.server", "exch.port", "exch.learned_in",
                 "exch.rpc.uuid"]
        for passes in ((), ("-2",)):
            with self.subTest(passes=passes):
                rows = fields(self.path, names, "-Y", "tcp.port == 49153", *passes)
                self.assertEqual(rows, [[str(n), "msrpc", "learned", "127.0.0.11", "49153", "9",
                                         "|".join(self.ON_49153)] for n in range(21, 31)])

    def test_mapper_connection_by_port(self):
        rows = fields(self.path, ["exch.role", "exch.basis", "exch.port"], "-Y", "tcp.port == 135")
        self.assertEqual(rows, [["msrpc", "port", "135"]] * 20)

    def test_stock_dissection_unchanged(self):
        cols = ["frame.number", "frame.protocols", "_ws.col.Info", "epm.proto.tcp_port"]
        self.assertEqual(fields(self.path, cols), fields(self.path, cols, plugin=False))

if __name__ == "__main__":
    unittest.main()
