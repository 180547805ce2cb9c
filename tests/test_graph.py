# SPDX-License-Identifier: GPL-2.0-or-later
"""The picture (README, "A picture of the traffic"): tshark -z exch_graph,dot.
Its edges are checked against the per-frame fields of the same captures, and
exactly on the endpoint mapper capture (testdata/make-synthetic.py, epm_learned:
192.0.2.100 asks the mapper on 135; 192.0.2.102-104 and .106 reach the learned
ports; 192.0.2.101 uses 49155 as its own port, which is no learned endpoint)."""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import exchtest
from exchtest import capture, fields, tshark

sys.path.insert(0, exchtest.TESTDATA)
from pcapgen import Pcap, TcpSession  # noqa: E402

EDGE = re.compile(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"(, style=dashed)?\];$')


def graph(path, *extra):
    return tshark(["-r", path, "-q", "-z", "exch_graph,dot", *extra])


def edges(dot):
    return {(m[1], m[2], bool(m[4])): set(m[3].split("\\n")) for m in map(EDGE.match, dot.splitlines()) if m}


def expected_edges(path, *extra):
    got = collections.defaultdict(set)
    for src, dst, server, port, role, basis in fields(path, ["ip.src", "ip.dst", "exch.server", "exch.port",
                                                             "exch.role", "exch.basis"], "-Y", "exch", *extra):
        client = dst if src == server else src
        got[(client, server, basis == "learned")].add(f"{role} {port}")
    return dict(got)


def routing_groups_capture(work):
    """Two routing groups: .11 and .12 connect to the master .10 on 691, .21 to the master .20; .11 also
    reaches .20 on 691 (a member drawn in one group only); the bridgehead .10 sends mail to .20 on 25."""
    path = os.path.join(work, "routing-groups.pcap")
    with Pcap(path) as pcap:
        for port, (client, master) in enumerate((("192.0.2.11", "192.0.2.10"), ("192.0.2.12", "192.0.2.10"),
                                                 ("192.0.2.21", "192.0.2.20"), ("192.0.2.11", "192.0.2.20"))):
            TcpSession(pcap, (client, 40000 + port), (master, 691)).handshake().close()
        TcpSession(pcap, ("192.0.2.10", 40100), ("192.0.2.20", 25)).handshake().close()
    return path


class Graph(exchtest.PluginTestCase):
    def test_routing_groups(self):
        work = tempfile.mkdtemp(prefix="exch-graph-")
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        dot = graph(routing_groups_capture(work))
        clusters = dot[dot.index("  subgraph"):].splitlines()
        self.assertEqual(clusters, [
            '  subgraph "cluster_192.0.2.10" {', '    label="routing group (master 192.0.2.10)";',
            "    style=rounded;", '    "192.0.2.10";', '    "192.0.2.11";', '    "192.0.2.12";', "  }",
            '  subgraph "cluster_192.0.2.20" {', '    label="routing group (master 192.0.2.20)";',
            "    style=rounded;", '    "192.0.2.20";', '    "192.0.2.21";', "  }", "}"])
        self.assertEqual(edges(dot)[("192.0.2.10", "192.0.2.20", False)], {"smtp 25"})
        self.assertEqual(edges(dot)[("192.0.2.11", "192.0.2.20", False)], {"lsa 691"})
        # no cluster without link state
        self.assertNotIn("subgraph", graph(capture("synthetic/epm-learned-135.pcap")))
        rendered = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True)
        self.assertEqual((rendered.returncode, rendered.stderr), (0, ""))
        self.assertIn("routing group (master 192.0.2.20)", rendered.stdout)

    def test_endpoint_mapper_exactly(self):
        self.assertEqual(graph(capture("synthetic/epm-learned-135.pcap"), "-2").splitlines(), [
            "digraph exchange {", "  rankdir=LR;", '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica"];',
            '  "192.0.2.10" [shape=box, style=filled, fillcolor="lightblue", label="192.0.2.10\\nExchange (strong: '
            'epm)"];',
            '  "192.0.2.11" [shape=box, style=filled, fillcolor="lightblue", label="192.0.2.11\\nExchange (strong: '
            'epm)"];',
            '  "192.0.2.100" [shape=ellipse];', '  "192.0.2.102" [shape=ellipse];', '  "192.0.2.103" [shape=ellipse];',
            '  "192.0.2.104" [shape=ellipse];', '  "192.0.2.106" [shape=ellipse];',
            '  "192.0.2.100" -> "192.0.2.10" [label="msrpc 135"];',
            '  "192.0.2.102" -> "192.0.2.10" [label="msrpc 49156", style=dashed];',
            '  "192.0.2.103" -> "192.0.2.10" [label="msrpc 49155", style=dashed];',
            '  "192.0.2.104" -> "192.0.2.10" [label="msrpc 8080", style=dashed];',
            '  "192.0.2.106" -> "192.0.2.11" [label="msrpc 49158", style=dashed];',
            "}"])

    def test_edges_agree_with_the_frames(self):
        for name in ("sample.pcapng", "synthetic/rvp-80.pcap", "synthetic/h323-call-1720.pcap",
                     "synthetic/xlsa-transfer-25.pcap", "real/epm-135-samba.pcap"):
            with self.subTest(capture=name):
                path = capture(name)
                self.assertEqual(edges(graph(path, "-2")), expected_edges(path, "-2"))

    def test_graphviz_renders_it(self):
        if not shutil.which("dot"):
            self.skipTest("Graphviz (dot) is not installed")
        svg = subprocess.run(["dot", "-Tsvg"], input=graph(capture("synthetic/rvp-80.pcap"), "-2"),
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("<svg", svg)
        self.assertIn("192.0.2.10", svg)


if __name__ == "__main__":
    unittest.main()
