# SPDX-License-Identifier: GPL-2.0-or-later
"""Every structure that grows with the capture has a hard cap: a capture that
would exceed each one is built here (with testdata/pcapgen.py), and the test
checks that the cap holds and that an expert note says so."""
import os
import shutil
import sys
import tempfile
import unittest

import exchtest
from exchtest import fields

sys.path.insert(0, exchtest.TESTDATA)
from pcapgen import (SYN, Pcap, TcpSession, UdpFlow, ber, ber_int, dns_message, icmp_unreachable,  # noqa: E402
                     ip_packet, tcp_segment)

SERVER = "192.0.2.10"
WORK = tempfile.mkdtemp(prefix="exch-caps-")


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def build(name, write):
    path = os.path.join(WORK, name)
    with Pcap(path) as pcap:
        write(pcap)
    return path


def guid(n):
    """Distinct GUIDs whose written and Windows byte orders differ (two slots each)."""
    return f"{n:08x}c9ecd74dbff32bada8932642"


def frames_with(path, display_filter, *extra):
    rows = fields(path, ["frame.number"], "-Y", display_filter, *extra)
    return [int(r[0]) for r in rows]


class LinkStateCaps(exchtest.PluginTestCase):
    def test_transfer_size_and_chunk_frames(self):
        # FIRST, 1,100 NEXT chunks of 1,000 bytes, LAST: 1,102,004 bytes, over 1 MiB
        def write(pcap):
            s = TcpSession(pcap, ("192.0.2.100", 40000), (SERVER, 691))
            s.client(b"X-LSA-2 FIRST CHUNK=abcd\r\n")
            for _ in range(1100):
                s.client(b"X-LSA-2 NEXT CHUNK=" + b"x" * 1000 + b"\r\n")
            s.client(b"X-LSA-2 LAST CHUNK=end\r\n")
        path = build("big-transfer.pcap", write)
        rows = fields(path, ["xlsa.transfer.chunks", "xlsa.transfer.length", "xlsa.transfer.chunk_in",
                             "_ws.expert.message"], "-Y", "xlsa.transfer.chunks")
        chunks, length, chunk_in, messages = rows[0]
        self.assertEqual((chunks, length), ("1102", str(1024 * 1024)))
        self.assertEqual(chunk_in.split("|"), [str(n) for n in range(1, 65)])
        self.assertIn("Only the first 1048576 bytes of the transfer are kept", messages)
        self.assertIn("Only the first 64 chunk frames are linked", messages)

    def test_open_transfers(self):
        # 1,025 connections each open a transfer and never close it
        def write(pcap):
            for n in range(1025):
                TcpSession(pcap, ("192.0.2.100", 20000 + n), (SERVER, 691)).client(b"X-LSA-2 FIRST CHUNK=a\r\n")
        path = build("open-transfers.pcap", write)
        self.assertEqual(frames_with(path, "xlsa.open_transfers_capped"), [1025])

    def test_replaced_transfers_free_their_slot(self):
        # one connection sends 1,100 FIRSTs in a row: each replaces the open one, which stops counting as
        # open, so the cap of 1,024 open transfers is never reached; the LAST completes the latest
        def write(pcap):
            s = TcpSession(pcap, ("192.0.2.100", 40007), (SERVER, 691))
            for n in range(1100):
                s.client(b"X-LSA-2 FIRST CHUNK=(%d\r\n" % n)
            s.client(b"X-LSA-2 LAST CHUNK=)\r\n")
        path = build("replaced.pcap", write)
        self.assertEqual(frames_with(path, "xlsa.open_transfers_capped"), [])
        self.assertEqual(fields(path, ["frame.number", "xlsa.transfer.chunks", "xlsa.transfer.chunk_in"],
                                "-Y", "xlsa.transfer.chunks"), [["1101", "2", "1100|1101"]])
        self.assertEqual(len(frames_with(path, "xlsa.chunk_out_of_order")), 1099)

    def test_remembered_guids(self):
        # 256 distinct GUIDs are remembered to be found in opaque data, the 257th is not; a record is
        # searched for the GUIDs of the transfers completed before it only
        def transfer(pcap, port, guids):
            blob = " ".join(guid(n) for n in guids).encode()
            s = TcpSession(pcap, ("192.0.2.100", port), (SERVER, 691))
            s.client(b"X-LSA-2 FIRST CHUNK=" + blob[:900] + b"\r\n")
            s.client(b"X-LSA-2 LAST CHUNK=" + blob[900:] + b"\r\n")

        def record(pcap, port, guids):
            raw = b"\x00".join(bytes.fromhex(guid(n)) for n in guids)
            TcpSession(pcap, ("192.0.2.101", port), (SERVER, 691)).client(b"\x00\x01" + raw + b"\x00")

        def write(pcap):
            record(pcap, 40000, [0])                    # 1: before any transfer
            transfer(pcap, 40001, range(256))           # 2-3: 256 GUIDs, all kept
            record(pcap, 40002, [0, 255, 256])          # 4
            transfer(pcap, 40003, [256])                # 5-6: the 257th
            record(pcap, 40004, [0, 256])               # 7
        path = build("guids.pcap", write)
        for passes in ([], ["-2"]):
            self.assertEqual(frames_with(path, "xlsa.guids_capped", *passes), [7])
            self.assertEqual(fields(path, ["frame.number", "xlsa.guid"], "-Y", "xlsa.record", *passes),
                             [["1", ""], ["4", f"{guid(0)}|{guid(255)}"], ["7", guid(0)]])

    def test_strings_of_a_record(self):
        # 64 strings of an opaque record are shown, with a note when there are more
        def write(pcap):
            for port, n in ((40020, 64), (40021, 65)):
                body = b"".join(b"\x00str%02d" % i for i in range(n))
                TcpSession(pcap, ("192.0.2.102", port), (SERVER, 691)).client(b"\x00\x01" + body + b"\x00")
        path = build("strings.pcap", write)
        rows = fields(path, ["frame.number", "xlsa.string", "xlsa.strings_capped"], "-Y", "xlsa.record")
        self.assertEqual([(r[0], len(r[1].split("|")), r[2] != "") for r in rows], [("1", 64, False), ("2", 64, True)])
        self.assertEqual(frames_with(path, "xlsa.strings_capped"), [2])

    def test_blob_tokens_and_depth(self):
        # groups nested 32 deep are shown nested, 33 deep flat; 4,096 tokens are shown, 4,097 are not
        last_frames = []

        def transfer(pcap, port, blob):
            s = TcpSession(pcap, ("192.0.2.100", port), (SERVER, 691))
            lines = [b"X-LSA-2 " + (b"FIRST" if n == 0 else b"NEXT") + b" CHUNK=" + blob[n:n + 1000] + b"\r\n"
                     for n in range(0, len(blob), 1000)]
            s.client(*lines, b"X-LSA-2 LAST CHUNK=\r\n")
            last_frames.append(sum(len(x) for x in frames_written) + len(lines) + 1)
            frames_written.append(lines + [b""])

        frames_written = []

        def write(pcap):
            for port, depth in ((40003, 32), (40004, 33)):
                transfer(pcap, port, b"(" * depth + b"x" + b")" * depth)
            for port, tokens in ((40005, 4096), (40006, 4097)):
                transfer(pcap, port, b" ".join(b"w%d" % n for n in range(tokens)))
        path = build("blob.pcap", write)
        rows = fields(path, ["frame.number", "_ws.expert.message"], "-Y", "xlsa.blob_capped")
        self.assertEqual([(int(r[0]), r[1]) for r in rows],
                         [(last_frames[1], "Groups nested deeper than 32 are shown flat"),
                          (last_frames[3], "Only the first 4096 tokens are shown")])
        # 32 groups deep are 32 nested groups, one 33 deep shows 32 and the rest flat
        for frame, groups in ((last_frames[0], 32), (last_frames[1], 32)):
            out = exchtest.tshark(["-n", "-r", path, "-Y", f"frame.number == {frame}", "-T", "json"])
            self.assertEqual(out.count('"xlsa.group": {'), groups, frame)

    def test_pending_commands(self):
        # 17 pipelined commands before any reply: the first one leaves the ring of 16
        def write(pcap):
            s = TcpSession(pcap, ("192.0.2.100", 40005), (SERVER, 691))
            s.client(b"".join(b"NOOP %d\r\n" % n for n in range(17)))
            s.server(b"".join(b"250 ok %d\r\n" % n for n in range(17)))
        path = build("pending.pcap", write)
        rows = fields(path, ["xlsa.request_in", "xlsa.replies_capped"], "-Y", "xlsa.response.code")
        request_in, capped = rows[0]
        self.assertEqual(request_in, "|".join(["1"] * 16))      # replies 2-17 are linked
        self.assertNotEqual(capped, "")                          # reply 1 is not

    def test_server_table(self):
        # 4,097 servers advertise X-LINK2STATE: 4,096 are kept for the capture
        def write(pcap):
            for n in range(4097):
                s = TcpSession(pcap, ("192.0.2.100", 30000 + n % 30000), (f"10.{n >> 8}.{n & 255}.1", 691))
                s.client(b"EHLO a\r\n").server(b"250-h\r\n250 X-LINK2STATE\r\n")
        path = build("servers.pcap", write)
        self.assertEqual(frames_with(path, "exch.servers_capped"), [8194])
        self.assertEqual(len(frames_with(path, "xlsa.bridgehead")), 4097)
        # the same 4,097 hosts show Exchange's EHLO keywords: evidence is kept for 4,096 of them
        self.assertEqual(frames_with(path, "exch.hosts_capped"), [8194])
        self.assertEqual(frames_with(path, "exch.hosts_capped", "-2"), [8194])
        # (each in its EHLO reply, the frame after the client's EHLO: 2, 4, ... 8192; not 8194)
        evidence = frames_with(path, 'exch.host.evidence == "ehlo"')
        self.assertEqual(evidence, list(range(2, 8193, 2)))


def syn(client, server, sport, dport):
    return ip_packet(client, server, 6, tcp_segment(client, server, sport, dport, 1000, 0, SYN))


def address(n):
    """Distinct IPv4 addresses from 10.0.0.0."""
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def firewall_rows(path):
    out = exchtest.tshark(["-r", path, "-q", "-z", "exch_firewall,csv"])
    lines = out.partition("\n\n")[0].splitlines()
    return [line.split(",") for line in lines[1:] if not line.startswith("#")], \
        [line for line in lines if line.startswith("#")]


class FirewallCaps(exchtest.PluginTestCase):
    """The firewall report's caps: 8 openers listed, 16 ICMP senders kept, 1,024 peers counted, 4,096 rows,
    65,536 connections; each tested at the cap and one beyond."""

    def test_openers_listed(self):
        for clients, listed in ((8, " ".join(address(n) for n in range(8))),
                                (9, " ".join(address(n) for n in range(8)) + " +")):
            with self.subTest(clients=clients):
                path = build(f"openers-{clients}.pcap", lambda pcap: [
                    pcap.frame(syn(address(n), SERVER, 40000, 389)) for n in range(clients)])
                rows, _ = firewall_rows(path)
                self.assertEqual([(r[6], r[14]) for r in rows], [(str(clients), listed)])

    def test_icmp_senders_kept(self):
        def write(senders):
            def frames(pcap):
                for n in range(senders):
                    attempt = syn("192.0.2.100", SERVER, 40000 + n, 691)
                    pcap.frame(attempt)
                    pcap.frame(icmp_unreachable(address(n), "192.0.2.100", attempt, 13))
            return frames
        first16 = sorted(f"{address(n)}/admin-prohibited" for n in range(16))   # the first kept, listed sorted
        for senders, kept in ((16, first16), (17, first16 + ["+"])):
            with self.subTest(senders=senders):
                rows, _ = firewall_rows(build(f"senders-{senders}.pcap", write(senders)))
                self.assertEqual([(r[0], r[7], r[8], r[15], r[16].split(" ")) for r in rows],
                                 [("blocked", str(senders), str(senders), str(senders), kept)])

    def test_peers_counted(self):
        for peers, shown in ((1024, "1024"), (1025, "1024+")):
            with self.subTest(peers=peers):
                path = build(f"peers-{peers}.pcap", lambda pcap: [
                    pcap.frame(syn(address(n), SERVER, 40000, 389)) for n in range(peers)])
                rows, _ = firewall_rows(path)
                self.assertEqual([(r[6], r[9]) for r in rows], [(shown, str(peers))])

    def test_rows_and_connections(self):
        # 4,096 servers: every row; one more: its frame is not counted, and the report says so
        for servers, notes in ((4096, []), (4097, ["# 1 frames of endpoints beyond 4096 and 0 of connections "
                                                   "beyond 65536 are not counted"])):
            with self.subTest(servers=servers):
                path = build(f"rows-{servers}.pcap", lambda pcap: [
                    pcap.frame(syn("192.0.2.100", address(n), 40000, 389)) for n in range(servers)])
                rows, got_notes = firewall_rows(path)
                self.assertEqual((len(rows), got_notes), (4096, notes))
        # 65,536 connections are followed; the 65,537th is counted as a frame, not as a connection
        for connections, notes in ((65536, []), (65537, ["# 0 frames of endpoints beyond 4096 and 1 of "
                                                         "connections beyond 65536 are not counted"])):
            with self.subTest(connections=connections):
                path = build(f"connections-{connections}.pcap", lambda pcap: [
                    pcap.frame(syn(address(n // 60000), SERVER, 1024 + n % 60000, 389))
                    for n in range(connections)])
                rows, got_notes = firewall_rows(path)
                self.assertEqual(([(r[7], r[9]) for r in rows], got_notes),
                                 ([(str(min(connections, 65536)), str(connections))], notes))


class GraphCaps(exchtest.PluginTestCase):
    def test_edges(self):
        # 4,096 client-server pairs are drawn; the 4,097th pair's frame is not, and the graph says so
        for clients, notes in ((4096, []), (4097, ["  // 1 frames of client-server pairs beyond 4096 are not drawn"])):
            with self.subTest(clients=clients):
                path = build(f"edges-{clients}.pcap", lambda pcap: [
                    pcap.frame(syn(address(n), SERVER, 40000, 389)) for n in range(clients)])
                dot = exchtest.tshark(["-r", path, "-q", "-z", "exch_graph,dot"]).splitlines()
                drawn = [line for line in dot if line.endswith(f' -> "{SERVER}" [label="ldap 389"];')]
                self.assertEqual((len(drawn), [line for line in dot if line.startswith("  //")]), (4096, notes))


class DnsCaps(exchtest.PluginTestCase):
    """Locator queries followed for exch.dns_failure: 65,536 in a capture, 8 in a frame; findings in the
    firewall report: 1,024 rows."""

    def test_queries_in_a_capture(self):
        def write(pcap):
            for n in range(65537):          # 64 ids on each of 1,025 client ports
                UdpFlow(pcap, ("192.0.2.100", 10000 + n // 64), (SERVER, 53)).client(
                    dns_message(n % 64, 0x01, 0, "_gc._tcp.example.test"))
        path = build("dns-queries.pcap", write)
        self.assertEqual(frames_with(path, "exch.dns_queries_capped"), [65537])
        self.assertEqual(frames_with(path, "exch.dns_queries_capped", "-2"), [65537])
        # the 65,536 followed were never answered; the 65,537th is not followed
        self.assertEqual(len(frames_with(path, "exch.dns_failure", "-2")), 65536)

    def test_queries_in_a_frame(self):
        for count, capped in ((8, []), (9, [4])):
            with self.subTest(queries=count):
                def write(pcap):
                    s = TcpSession(pcap, ("192.0.2.100", 50000), (SERVER, 53)).handshake()
                    messages = [dns_message(n, 0x01, 0, f"_gc._tcp.d{n}.test") for n in range(count)]
                    s.client(b"".join(len(m).to_bytes(2, "big") + m for m in messages))
                path = build(f"dns-frame-{count}.pcap", write)
                self.assertEqual(frames_with(path, "exch.dns_queries_capped"), capped)
                self.assertEqual(frames_with(path, "exch.dns_queries_capped", "-2"), capped)
                rows = fields(path, ["_ws.expert.message"], "-Y", "exch.dns_failure", "-2")
                self.assertEqual(len([m for m in rows[0][0].split("|") if m.endswith("no answer")]), 8)

    def test_findings_rows(self):
        for count, notes in ((1024, []), (1025, ["# 1 findings beyond 1024 kinds are not counted"])):
            with self.subTest(findings=count):
                def write(pcap):
                    for n in range(count):
                        UdpFlow(pcap, ("192.0.2.100", 10000 + n), (SERVER, 53)).server(
                            dns_message(1, 0x81, 3, f"_ldap._tcp.d{n}.test"))
                out = exchtest.tshark(["-r", build(f"findings-{count}.pcap", write), "-q", "-z",
                                       "exch_firewall,csv"])
                findings = out.partition("\n\n")[2].splitlines()
                self.assertEqual((len([f for f in findings if f.startswith("exch.dns_failure,")]),
                                  [f for f in findings if f.startswith("#")]), (1024, notes))


class DirectoryCaps(exchtest.PluginTestCase):
    def test_binds_per_connection(self):
        # 65 anonymous binds on one connection: 64 are remembered
        def write(pcap):
            s = TcpSession(pcap, ("192.0.2.100", 40010), (SERVER, 389))
            for n in range(1, 66):
                s.client(ber(0x30, ber_int(n) + ber(0x60, ber_int(3) + ber(0x04, b"") + ber(0x80, b""))))
        path = build("binds.pcap", write)
        self.assertEqual(frames_with(path, "exch.binds_capped"), [65])
        self.assertEqual(fields(path, ["exch.dir.bind"], "-Y", "frame.number == 65"), [["anonymous"]])


if __name__ == "__main__":
    unittest.main()
