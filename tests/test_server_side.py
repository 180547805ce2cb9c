# SPDX-License-Identifier: GPL-2.0-or-later
"""Which end of a flow is the server (README, "What is labelled, and how"):
the SYN's destination when the capture holds the SYN; without it, the port
numbers' rule. A seed port that is only the client's source port gives no
label and no directory analysis.

The flows are real: curl taking seed ports as its source port
(testdata/real/client-ports.pcap), and real captures whose client ports are
rewritten with tcprewrite --portmap. Each is read as captured and with its
handshake deleted (editcap removes every SYN and SYN/ACK frame), as when a
capture starts in the middle of the connections."""
import collections
import os
import shutil
import subprocess
import tempfile
import unittest

import exchtest
from exchtest import capture, fields, shared_capture

WORK = tempfile.mkdtemp(prefix="exch-server-side-")
FLOW = ["tcp.srcport", "tcp.dstport", "exch.role", "exch.server", "exch.port", "exch.direction",
        "exch.dir.directory"]


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def rewritten(path, portmap):
    out = os.path.join(WORK, f"rw-{len(os.listdir(WORK))}-{os.path.basename(path)}")
    subprocess.run(["tcprewrite", f"--portmap={portmap}", "-i", path, "-o", out], check=True,
                   capture_output=True)
    return out


def without_handshake(path):
    syn = [row[0] for row in fields(path, ["frame.number"], "-Y", "tcp.flags.syn == 1", plugin=False)]
    assert syn, f"{path}: no SYN to delete"
    out = os.path.join(WORK, f"nosyn-{len(os.listdir(WORK))}-{os.path.basename(path)}")
    subprocess.run(["editcap", path, out, *syn], check=True, capture_output=True)
    return out


SEED_CLIENT_PORTS = {1503, 1720, 1731, 3268, 3269}


def flows(path, *extra):
    """{(client port, server port): Counter of (role, server, port, directory)} over the frames of each TCP
    flow; the client port is the seed port the client took."""
    result = {}
    for row in fields(path, FLOW, "-Y", "tcp", *extra):
        sport, dport, role, server, port, direction, directory = row
        ports = (int(sport), int(dport))
        if ports[0] in SEED_CLIENT_PORTS and ports[1] in SEED_CLIENT_PORTS:
            key = tuple(sorted(ports))          # here the lower is the client's
        else:
            key = ports if ports[0] in SEED_CLIENT_PORTS else ports[::-1]
        if role:
            want_direction = "to-server" if dport == port else "from-server"
            assert direction == want_direction, f"{row}: direction"
        result.setdefault(key, collections.Counter())[(role, server, port, directory)] += 1
    return result


class ClientPortsOfRealClients(exchtest.PluginTestCase):
    """curl from 3268, 3269, 1503 and 1720 to nginx on 445 and 8080 (ports no client
    takes), and from 1731 to nginx on 50000 (a port clients take too)."""
    PATH = capture("real/client-ports.pcap")

    def test_with_the_handshake_no_flow_is_labelled(self):
        got = flows(self.PATH)
        self.assertEqual(got, {
            (3268, 445): {("", "", "", ""): 10}, (3269, 8080): {("", "", "", ""): 10},
            (1503, 445): {("", "", "", ""): 10}, (1720, 8080): {("", "", "", ""): 10},
            (1731, 50000): {("", "", "", ""): 10}})

    def test_without_the_handshake(self):
        for passes in ([], ["-2"]):
            got = flows(without_handshake(self.PATH), *passes)
            self.assertEqual(got, {
                (3268, 445): {("", "", "", ""): 8}, (3269, 8080): {("", "", "", ""): 8},
                (1503, 445): {("", "", "", ""): 8}, (1720, 8080): {("", "", "", ""): 8},
                # 1731 and 50000 are both in client ranges: the seed's port is taken for the server's
                (1731, 50000): {("audio", "127.0.0.1", "1731", ""): 8}}, passes)


class RewrittenRealCaptures(exchtest.PluginTestCase):
    def test_own_smtp_capture_from_the_global_catalog_port(self):
        # both ports have a role: the SYN decides; without it, 25 is a port no client takes
        path = rewritten(capture("real/smtp-25-session.pcap"), "56808:3268")
        for variant in (path, without_handshake(path)):
            got = flows(variant)
            self.assertEqual(list(got), [(3268, 25)])
            self.assertEqual(set(got[(3268, 25)]), {("smtp", "127.0.0.3", "25", "")})

    def test_own_gc_capture_from_the_t120_port(self):
        path = rewritten(capture("real/ldap-3268-gc.pcap"), "45132:1503")
        self.assertEqual(flows(path), {(1503, 3268): {("gc", "127.0.0.2", "3268", "global-catalog"): 13}})
        # without the handshake both ports are in the Windows client range and both have a role:
        # the lower port is taken for the server's, as TCP tries the lower port first
        self.assertEqual(flows(without_handshake(path)), {(1503, 3268): {("t120", "127.0.0.1", "1503", ""): 11}})

    def test_tpkt_on_1503_leaves_ldap_from_that_port_to_ldap(self):
        # TCP tries the lower port, 1503, first: its guard sees no TPKT and hands the bytes back,
        # so LDAP on 3268 is decoded as in stock Wireshark (MANIFEST: bind, bind response, search, done, unbind)
        path = without_handshake(rewritten(capture("real/ldap-3268-gc.pcap"), "45132:1503"))
        ops = fields(path, ["frame.number", "ldap.protocolOp"], "-Y", "ldap")
        self.assertEqual([op for _, op in ops], ["0", "1", "3", "5", "2"])
        self.assertEqual(ops, fields(path, ["frame.number", "ldap.protocolOp"], "-Y", "ldap", plugin=False))

    def test_active_directory_session(self):
        # SMB 445, Kerberos 88 (twice) and LDAP 389 from clients rewritten to seed ports
        path = rewritten(shared_capture("zeek-ldap-aduser1.pcap"),
                         "32860:3268,60772:1503,60784:1720,54544:3269")
        expected = {
            (3268, 445): {("", "", "", ""): 18}, (1503, 88): {("", "", "", ""): 11},
            (1720, 88): {("", "", "", ""): 13},
            (3269, 389): {("ldap", "192.168.226.136", "389", "domain"): 11}}
        self.assertEqual(flows(path), expected)
        stripped = {key: collections.Counter({k: n - 2 for k, n in counts.items()}) for key, counts in expected.items()}
        self.assertEqual(flows(without_handshake(path)), stripped)

    def test_exchange_2003_mapi_session(self):
        path = rewritten(shared_capture("zeek-dce-rpc-mapi.pcap"),
                         "2482:3268,4597:3269,1066:1503,1067:1720,1068:1731")
        got = flows(path)
        # no SYN in the capture: MAPI on 1032 and the client on 3268 are both in Windows' dynamic range, so
        # the port rule calls 3268 the server's, until the endpoint mapper's answer of frame 705 names
        # 192.168.0.2:1032 (the last 12 frames; a second pass labels the whole connection)
        self.assertEqual(got[(3268, 1032)], {("gc", "192.168.0.129", "3268", "global-catalog"): 305,
                                             ("msrpc", "192.168.0.2", "1032", ""): 12})
        self.assertEqual(flows(path, "-2")[(3268, 1032)], {("msrpc", "192.168.0.2", "1032", ""): 317})
        self.assertEqual(got[(3269, 139)], {("", "", "", ""): 125})
        self.assertEqual(got[(1503, 135)], {("msrpc", "192.168.0.2", "135", ""): 11})
        # NSPI on 4997, which the answer of frame 400 named, from clients on 1720 and 1731
        self.assertEqual(got[(1720, 4997)], {("msrpc", "192.168.0.2", "4997", ""): 8})
        self.assertEqual(got[(1731, 4997)], {("msrpc", "192.168.0.2", "4997", ""): 10})
        stripped = flows(without_handshake(path))
        self.assertEqual(stripped[(1503, 135)], {("msrpc", "192.168.0.2", "135", ""): 9})
        # 4997 is in Windows' dynamic range as well: without the SYN the learned endpoint still decides
        self.assertEqual(stripped[(1720, 4997)], {("msrpc", "192.168.0.2", "4997", ""): 6})
        self.assertEqual(stripped[(1731, 4997)], {("msrpc", "192.168.0.2", "4997", ""): 8})

if __name__ == "__main__":
    unittest.main()
