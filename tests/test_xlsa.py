# SPDX-License-Identifier: GPL-2.0-or-later
"""The link-state dissector: X-LINK2STATE / X-LSA-2 on 691, inside SMTP and
through the heuristic. Real captures are Postfix answering the verbs
(testdata/real/MANIFEST.md); synthetic ones are built by make-synthetic.py from
the documented forms (their frame numbers are commented there)."""
import os
import shutil
import subprocess
import tempfile
import unittest
from decimal import Decimal

import exchtest
from exchtest import capture, fields, tshark

ORGINFO = ("d38082e7c9ecd74dbff32bada8932642 9e107d9d372bb6826bd81d3542a419d6 ((5f2b8e0a9c4d4e1fa1b2c3d4e5f60718 "
           "(MULTI (5) (3 12 0)) (CONN (rgc-london 1) (UP))) (ADDR (SMTP *.example.test 1)))")
ORG_GUID = "d38082e7c9ecd74dbff32bada8932642"
DIGEST = "9e107d9d372bb6826bd81d3542a419d6"
RG_GUID = "5f2b8e0a9c4d4e1fa1b2c3d4e5f60718"

# What each link-state capture holds, from the transcripts (testdata/real/MANIFEST.md) and the builders
# (testdata/make-synthetic.py): the frames with a chunk line (marker, data length), the frames that complete
# a transfer (chunks, length), and the frames of each expert info.
TRANSFER = len(ORGINFO)                 # 181 bytes
LINK_STATE = {
    "real/smtp-25-xlink2state.pcap": ({9: ("FIRST", 16), 11: ("LAST", 4)}, {11: (2, 20)}, {}),
    "real/smtp-691-xlsa.pcap": ({9: ("FIRST", 4)}, {}, {}),
    "synthetic/xlsa-transfer-25.pcap": ({19: ("FIRST", 40), 20: ("NEXT", 50), 21: ("", 50), 22: ("LAST", 41)},
                                        {22: (4, TRANSFER)}, {"length_mismatch": [21]}),
    "synthetic/xlsa-ms05-021.pcap": ({7: ("", 1000), 8: ("", 1000)}, {}, {"ms05_021": [7, 8]}),
    "synthetic/xlsa-ms05-021-after-mail.pcap": ({18: ("", 1000)}, {}, {"ms05_021": [18]}),
    "synthetic/xlsa-bdat-pipelined.pcap": ({7: ("FIRST", 2), 15: ("FIRST", 2)}, {}, {}),
    "synthetic/xlsa-out-of-order.pcap": ({7: ("NEXT", 3), 8: ("LAST", 3), 9: ("FIRST", 2), 10: ("FIRST", 2),
                                          11: ("NEXT", 1501)}, {},
                                         {"chunk_out_of_order": [7, 8, 10], "line_too_long": [11]}),
    "synthetic/xlsa-691.pcap": ({8: ("FIRST", 60), 9: ("LAST", TRANSFER - 60)}, {9: (2, TRANSFER)}, {}),
    "synthetic/xlsa-binary-691.pcap": ({4: ("FIRST", 70), 5: ("LAST", TRANSFER - 70)}, {5: (2, TRANSFER)}, {}),
    "synthetic/xlsa-heuristic.pcap": ({4: ("FIRST", 34), 5: ("LAST", 3)}, {5: (2, 37)}, {}),
    "synthetic/xlsa-heuristic-lower.pcap": ({4: ("first", 5), 5: ("last", 3)}, {5: (2, 8)}, {}),
    "synthetic/xlsa-multi-25.pcap": ({7: ("FIRST", 109), 8: ("LAST", 24)}, {8: (2, 133)}, {}),
    "synthetic/xlsa-line-limit-691.pcap": ({}, {}, {"line_too_long": [5, 6]}),
}
XLSA_CAPTURES = list(LINK_STATE)
EXPERTS = ["ms05_021", "chunk_out_of_order", "line_too_long", "length_mismatch"]


WORK = tempfile.mkdtemp(prefix="exch-xlsa-")


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def hexed(text):
    return text.encode().hex()


def by_frame(path, names, *extra):
    """{frame number: {field: value}} for the frames that have an xlsa tree."""
    rows = fields(capture(path), ["frame.number"] + names, "-Y", "xlsa", *extra)
    return {int(row[0]): dict(zip(names, row[1:])) for row in rows}


def frames_with(path, display_filter, *extra):
    out = tshark(["-n", "-r", capture(path), "-Y", display_filter, "-T", "fields", "-e", "frame.number", *extra])
    return [int(n) for n in out.split()]


class RealPostfix(exchtest.PluginTestCase):
    """Postfix 3.7 does not know the verbs: its genuine reply is 500."""

    def test_x_link2state_beside_smtp(self):
        got = by_frame("real/smtp-25-xlink2state.pcap",
                       ["smtp.req.command", "xlsa.command", "xlsa.parameter", "xlsa.chunk.marker",
                        "xlsa.chunk.declared_length", "xlsa.chunk.data", "xlsa.chunk.length", "xlsa.response_in",
                        "xlsa.response.code", "xlsa.response.text", "xlsa.request_in", "xlsa.transfer.chunks",
                        "xlsa.transfer.length", "xlsa.transfer.chunk_in", "xlsa.transfer.in"], "-2")
        self.assertEqual(sorted(got), [9, 10, 11, 12])
        # the stock SMTP split stays as it is ("X-LI"); xlsa splits the verb correctly beside it
        self.assertEqual(got[9], {
            "smtp.req.command": "X-LI", "xlsa.command": "X-LINK2STATE",
            "xlsa.parameter": "FIRST CHUNK={00000010} (d38082e7c9ecd7)", "xlsa.chunk.marker": "FIRST",
            "xlsa.chunk.declared_length": "16", "xlsa.chunk.data": hexed("(d38082e7c9ecd7)"),
            "xlsa.chunk.length": "16", "xlsa.response_in": "10", "xlsa.response.code": "",
            "xlsa.response.text": "", "xlsa.request_in": "", "xlsa.transfer.chunks": "",
            "xlsa.transfer.length": "", "xlsa.transfer.chunk_in": "", "xlsa.transfer.in": "11"})
        self.assertEqual((got[10]["xlsa.response.code"], got[10]["xlsa.response.text"], got[10]["xlsa.request_in"]),
                         ("500", "5.5.2 Error: command not recognized", "9"))
        self.assertEqual((got[11]["xlsa.command"], got[11]["xlsa.chunk.marker"], got[11]["xlsa.chunk.data"],
                          got[11]["xlsa.transfer.chunks"], got[11]["xlsa.transfer.length"],
                          got[11]["xlsa.transfer.chunk_in"], got[11]["xlsa.response_in"]),
                         ("X-LSA-2", "LAST", hexed("done"), "2", "20", "9|11", "12"))
        self.assertEqual(got[12]["xlsa.request_in"], "11")

    def test_691_dialogue(self):
        got = by_frame("real/smtp-691-xlsa.pcap",
                       ["_ws.col.Protocol", "xlsa.command", "xlsa.response.code", "xlsa.ehlo.keyword",
                        "xlsa.request_in", "xlsa.response_in", "xlsa.chunk.marker", "xlsa.chunk.data",
                        "xlsa.bridgehead", "xlsa.unterminated"], "-2")
        self.assertEqual(sorted(got), [4, 6, 8, 9, 10, 11, 12])
        self.assertEqual({row["_ws.col.Protocol"] for row in got.values()}, {"XLSA"})
        self.assertEqual((got[4]["xlsa.response.code"], got[4]["xlsa.request_in"]), ("220", ""))  # the greeting
        self.assertEqual((got[6]["xlsa.command"], got[6]["xlsa.response_in"]), ("EHLO", "8"))
        self.assertEqual(got[8]["xlsa.response.code"], "|".join(["250"] * 10))
        self.assertEqual(got[8]["xlsa.ehlo.keyword"],
                         "PIPELINING|SIZE|VRFY|ETRN|ENHANCEDSTATUSCODES|8BITMIME|DSN|SMTPUTF8|CHUNKING")
        self.assertEqual((got[8]["xlsa.request_in"], got[8]["xlsa.bridgehead"]), ("6", ""))
        self.assertEqual((got[9]["xlsa.command"], got[9]["xlsa.chunk.marker"], got[9]["xlsa.chunk.data"],
                          got[9]["xlsa.response_in"]), ("X-LSA-2", "FIRST", hexed("abcd"), "10"))
        # the connection closes with the FIRST still open: only a second pass can tell
        self.assertNotEqual(got[9]["xlsa.unterminated"], "")
        self.assertEqual((got[10]["xlsa.response.code"], got[10]["xlsa.request_in"]), ("500", "9"))
        self.assertEqual((got[11]["xlsa.command"], got[11]["xlsa.response_in"], got[12]["xlsa.request_in"]),
                         ("QUIT", "12", "11"))

    def test_response_time(self):
        # frame 9 at 19:33:04.292015, its reply 10 at .292044 (tshark -t ad)
        rows = fields(capture("real/smtp-691-xlsa.pcap"), ["frame.time_epoch", "xlsa.time"], "-2",
                      "-Y", "frame.number in {9, 10}")
        self.assertEqual(Decimal(rows[1][1]), Decimal(rows[1][0]) - Decimal(rows[0][0]))

    def test_no_exchange_keyword_no_xlsa_tree(self):
        # Postfix's EHLO reply (frame 8) lists no Exchange extension: SMTP alone
        self.assertEqual(frames_with("real/smtp-25-session.pcap", "xlsa"), [])
        self.assertEqual(frames_with("real/smtp-25-xlink2state.pcap", "xlsa.ehlo.keyword"), [])


class SyntheticTransfer(exchtest.PluginTestCase):
    PATH = "synthetic/xlsa-transfer-25.pcap"

    def test_exchange_ehlo_keywords_and_bridgehead(self):
        got = by_frame(self.PATH, ["xlsa.ehlo.keyword", "xlsa.bridgehead", "smtp.response.code"])
        # X-EXPS twice: "X-EXPS GSSAPI NTLM LOGIN" and the old form "X-EXPS=LOGIN"
        self.assertEqual(got[6]["xlsa.ehlo.keyword"], "X-EXPS|X-EXPS|X-LINK2STATE|XEXCH50")
        self.assertEqual(got[6]["xlsa.bridgehead"], "1")

    def test_message_content_is_not_commands(self):
        # frame 13: XEXCH50 data; frame 17: a body line "X-LINK2STATE CHUNK=not a command"
        self.assertEqual(sorted(by_frame(self.PATH, ["xlsa.command"])), [6, 19, 20, 21, 22])

    def test_command_after_binary_content_in_the_same_segment(self):
        # frames 7 (port 25) and 15 (691): "BDAT 5 LAST", the 5 bytes "ab\r\nc", then a FIRST chunk
        path = "synthetic/xlsa-bdat-pipelined.pcap"
        for options in ([], ["-2"]):
            with self.subTest(options=options):
                got = by_frame(path, ["xlsa.command", "xlsa.chunk.marker", "xlsa.chunk.data"], *options)
                self.assertIn(7, got)
                self.assertEqual([got[7][f] for f in ("xlsa.command", "xlsa.chunk.marker", "xlsa.chunk.data")],
                                 ["X-LINK2STATE", "FIRST", hexed("(x")])
                self.assertEqual([got[15][f] for f in ("xlsa.command", "xlsa.chunk.marker", "xlsa.chunk.data")],
                                 ["BDAT|X-LSA-2", "FIRST", hexed("(x")])

    def test_four_chunks_joined(self):
        got = by_frame(self.PATH, ["xlsa.chunk.marker", "xlsa.chunk.declared_length", "xlsa.chunk.length",
                                   "xlsa.transfer.in", "xlsa.transfer.chunks", "xlsa.transfer.length",
                                   "xlsa.transfer.chunk_in", "xlsa.length_mismatch"], "-2")
        self.assertEqual([got[n]["xlsa.chunk.marker"] for n in (19, 20, 21, 22)], ["FIRST", "NEXT", "", "LAST"])
        self.assertEqual([got[n]["xlsa.chunk.length"] for n in (19, 20, 21, 22)], ["40", "50", "50", "41"])
        self.assertEqual([got[n]["xlsa.chunk.declared_length"] for n in (19, 20, 21, 22)], ["40", "50", "153", "41"])
        self.assertEqual([got[n]["xlsa.transfer.in"] for n in (19, 20, 21, 22)], ["22", "22", "22", ""])
        self.assertEqual((got[22]["xlsa.transfer.chunks"], got[22]["xlsa.transfer.length"],
                          got[22]["xlsa.transfer.chunk_in"]), ("4", str(len(ORGINFO)), "19|20|21|22"))
        self.assertEqual([n for n in got if got[n]["xlsa.length_mismatch"]], [21])

    def test_blob_tokens(self):
        rows = fields(capture(self.PATH), ["xlsa.org_guid", "xlsa.digest", "xlsa.guid", "xlsa.word", "xlsa.number"],
                      "-Y", "xlsa.transfer.chunks")
        self.assertEqual(rows, [[ORG_GUID, DIGEST, f"{ORG_GUID}|{DIGEST}|{RG_GUID}",
                                 "MULTI|CONN|rgc-london|UP|ADDR|SMTP|*.example.test", "5|3|12|0|1|1"]])

    def test_blob_is_a_data_source_with_groups(self):
        out = tshark(["-n", "-r", capture(self.PATH), "-Y", "xlsa.transfer.chunks", "-V", "-x"])
        self.assertIn("Link-state transfer (181 bytes)", out)   # the new data source in the hex dump
        self.assertIn("Organization objectGUID: d38082e7c9ecd74dbff32bada8932642 (possibly)", out)
        self.assertIn("MD5 digest: 9e107d9d372bb6826bd81d3542a419d6 (possibly)", out)
        self.assertEqual(out.count("Group"), ORGINFO.count("("))


class GenuineChunkForm(exchtest.PluginTestCase):
    """The one genuine chunk on record starts CHUNK={0000006d} MULTI (5) ({00000000051} (Snort's comment):
    the organization GUID and the digest that follow the header are found; numbers are numeric."""
    PATH = "synthetic/xlsa-multi-25.pcap"

    def test_org_guid_and_digest_after_the_header(self):
        rows = fields(capture(self.PATH), ["frame.number", "xlsa.org_guid", "xlsa.digest", "xlsa.number",
                                            "xlsa.braced", "xlsa.word", "xlsa.guid"], "-Y", "xlsa.transfer.chunks")
        self.assertEqual(rows, [["8", ORG_GUID, DIGEST, "5", "0x0000000000000051", "MULTI|UP",
                                 f"{ORG_GUID}|{DIGEST}|{RG_GUID}"]])
        out = tshark(["-n", "-r", capture(self.PATH), "-Y", "frame.number == 8", "-V"])
        self.assertIn("Organization objectGUID: d38082e7c9ecd74dbff32bada8932642 (possibly)", out)
        self.assertIn("Braced value: 0x0000000000000051", out)

    def test_numbers_are_numeric(self):
        path = capture(self.PATH)
        self.assertEqual(frames_with(self.PATH, "xlsa.number == 5 && xlsa.braced == 0x51"), [8])
        self.assertEqual(frames_with(self.PATH, "xlsa.number > 5"), [])


class ExpertInfos(exchtest.PluginTestCase):
    def test_ms05_021_exploit_pattern(self):
        path = "synthetic/xlsa-ms05-021.pcap"
        self.assertEqual(frames_with(path, "xlsa.ms05_021"), [7, 8])
        self.assertEqual(frames_with(path, "xlsa.chunk.length == 1000 && !xlsa.chunk.marker"), [7, 8])
        self.assertEqual(frames_with(path, "xlsa.line_too_long"), [])   # 1,021 bytes with CRLF
        out = tshark(["-n", "-r", capture(path), "-q", "-z", "expert,error"])
        # raised by XLSA (beside SMTP on port 25), once per chunk
        line = [l for l in out.splitlines() if "MS05-021 / CVE-2005-0560" in l]
        self.assertEqual(len(line), 1)
        self.assertEqual(line[0].split()[:3], ["2", "Security", "XLSA"])

    def test_ms05_021_after_a_message_cut_at_odd_places(self):
        # frames 13-16 are message content: a segment ending inside a line, a line "." that ends
        # that cut line, a dot-stuffed line, an X-LINK2STATE line; the message ends with the "."
        # of frame 15, whose line end is frame 16
        path = "synthetic/xlsa-ms05-021-after-mail.pcap"
        for options in ([], ["-2"], ["-o", "tcp.desegment_tcp_streams:FALSE"],
                        ["-2", "-o", "tcp.desegment_tcp_streams:FALSE"]):
            with self.subTest(options=options):
                self.assertEqual(frames_with(path, "xlsa.ms05_021", *options), [18])
                self.assertEqual(frames_with(path, "xlsa.chunk.length", *options), [18])

    def test_no_ms05_021_after_a_first(self):
        for path in ("synthetic/xlsa-transfer-25.pcap", "synthetic/xlsa-out-of-order.pcap",
                     "real/smtp-25-xlink2state.pcap", "synthetic/xlsa-691.pcap"):
            self.assertEqual(frames_with(path, "xlsa.ms05_021"), [], path)

    def test_out_of_order_too_long_unterminated(self):
        path = "synthetic/xlsa-out-of-order.pcap"
        self.assertEqual(frames_with(path, "xlsa.chunk_out_of_order"), [7, 8, 10])
        self.assertEqual(frames_with(path, "xlsa.line_too_long"), [11])
        # the FIRST of frame 9 is dropped by the FIRST of 10, which the close leaves open after 11
        self.assertEqual(frames_with(path, "xlsa.unterminated", "-2"), [9, 11])
        self.assertEqual(frames_with(path, "xlsa.unterminated"), [])     # one pass cannot know


class Port691(exchtest.PluginTestCase):
    def test_split_command_reassembled(self):
        for passes in ([], ["-2"]):
            got = by_frame("synthetic/xlsa-691.pcap", ["xlsa.command", "xlsa.chunk.marker", "xlsa.transfer.chunks",
                                                        "xlsa.transfer.length", "xlsa.fragment"], *passes)
            self.assertEqual(sorted(got), [4, 5, 6, 8, 9])
            self.assertEqual((got[8]["xlsa.command"], got[8]["xlsa.chunk.marker"]), ("X-LSA-2", "FIRST"))
            self.assertEqual((got[9]["xlsa.transfer.chunks"], got[9]["xlsa.transfer.length"]),
                             ("2", str(len(ORGINFO))))

    def test_without_desegmentation_pieces_are_fragments(self):
        got = by_frame("synthetic/xlsa-691.pcap", ["xlsa.command", "xlsa.fragment", "xlsa.transfer.chunks",
                                                    "_ws.expert"], "-o", "tcp.desegment_tcp_streams:FALSE")
        self.assertEqual((got[7]["xlsa.fragment"], got[7]["xlsa.command"]), (hexed("X-LS"), ""))
        self.assertTrue(got[8]["xlsa.fragment"].startswith(hexed("A-2 FIRST")))
        # the LAST whose FIRST was only seen in pieces: no transfer, and no false warning (only the security
        # finding of the first link-state command read whole: no AUTH, no X-EXPS before it)
        self.assertEqual((got[9]["xlsa.command"], got[9]["xlsa.transfer.chunks"], got[9]["_ws.expert"]),
                         ("X-LSA-2", "", "Expert Info (Warning/Security): Link state from a client that has not "
                                         "authenticated (no AUTH, no X-EXPS)"))

    def test_opaque_records(self):
        got = by_frame("synthetic/xlsa-binary-691.pcap", ["xlsa.record", "xlsa.string", "xlsa.guid"])
        self.assertEqual(sorted(got), [4, 5, 12, 13])
        self.assertEqual(got[12]["xlsa.string"], f"RoutingGroupMaster|{RG_GUID}")
        self.assertEqual(got[12]["xlsa.guid"], RG_GUID)
        # the organization GUID named by the transfer of frames 4-5, found as raw bytes twice:
        # as written and as a Windows GUID structure
        self.assertEqual(got[13]["xlsa.guid"], f"{ORG_GUID}|{ORG_GUID}")
        # no expert info but the security finding (tests/test_security.py)
        self.assertEqual(frames_with("synthetic/xlsa-binary-691.pcap",
                                     "_ws.malformed || (xlsa && _ws.expert && !exch.unauthenticated_link_state)"), [])


class Heuristic(exchtest.PluginTestCase):
    PATH = "synthetic/xlsa-heuristic.pcap"

    def test_unowned_port(self):
        got = by_frame(self.PATH, ["_ws.col.Protocol", "xlsa.command", "xlsa.transfer.chunks"])
        self.assertEqual(sorted(got), [4, 5])
        self.assertEqual((got[5]["_ws.col.Protocol"], got[5]["xlsa.transfer.chunks"]), ("XLSA", "2"))

    def test_other_text_left_alone(self):
        self.assertEqual(frames_with(self.PATH, "tcp.port == 2526 && xlsa"), [])

    def test_can_be_disabled(self):
        self.assertEqual(frames_with(self.PATH, "xlsa", "--disable-heuristic", "xlsa_tcp"), [])

    def test_registered_and_enabled(self):
        self.assertIn(["tcp", "xlsa", "T"], [row[:3] for row in exchtest.glossary("heuristic-decodes")])

    def test_no_false_positive_on_other_captures(self):
        for path in ["real/irc-6667.pcap", "real/nntp-119.pcap", "real/http-80.pcap", "real/pop3-110.pcap",
                     "synthetic/uls-522.pcap", "synthetic/audio-1731.pcap"]:
            self.assertEqual(frames_with(path, "xlsa", "-d", "tcp.port==1,echo"), [], path)


class PortsOfTheRole(exchtest.PluginTestCase):
    """exch.lsa_tcp_ports is the one setting of the link-state port: it moves the label and the dissector."""

    def test_the_role_preference_moves_the_dissector(self):
        moved = os.path.join(WORK, "smtp-2691-xlsa.pcap")
        subprocess.run(["tcprewrite", "--portmap=691:2691", "-i", capture("real/smtp-691-xlsa.pcap"), "-o", moved],
                       check=True, capture_output=True)
        names = ["frame.number", "_ws.col.Protocol", "exch.role", "exch.port"]
        # 2691 is no role's: no label; only the heuristic finds link state there, from the chunk of frame 9 on
        self.assertEqual(frames_with(moved, "xlsa", "--disable-heuristic", "xlsa_tcp"), [])
        rows = fields(moved, names, "-Y", "xlsa")
        self.assertEqual([int(r[0]) for r in rows], [9, 10, 11, 12])
        self.assertEqual({tuple(r[1:]) for r in rows}, {("XLSA", "", "")})
        rows = fields(moved, names, "-Y", "xlsa", "-o", "exch.lsa_tcp_ports:691,2691")
        self.assertEqual([int(r[0]) for r in rows], [4, 6, 8, 9, 10, 11, 12])
        self.assertEqual({tuple(r[1:]) for r in rows}, {("XLSA", "lsa", "2691")})
        # and off the old port, which only the heuristic still reads
        off = ["-o", "exch.lsa_tcp_ports:2691"]
        self.assertEqual(frames_with("real/smtp-691-xlsa.pcap", "exch", *off), [])
        self.assertEqual(frames_with("real/smtp-691-xlsa.pcap", "xlsa", *off), [9, 10, 11, 12])
        self.assertEqual(frames_with("real/smtp-691-xlsa.pcap", "xlsa", *off, "--disable-heuristic", "xlsa_tcp"), [])

    def test_decode_as_entries(self):
        def decodes(plugin):
            return set(tshark(["-G", "decodes"], plugin=plugin).splitlines())
        mine, stock = decodes(True), decodes(False)
        # 7000 keeps Gryphon, 6667 IRC, behind the guard that gives IRC text to IRC with the IRCX analysis
        self.assertEqual(stock - mine, {"tcp.port\t7000\tgryphon", "tcp.port\t6667\tirc"})
        self.assertEqual(mine - stock, {"tcp.port\t379\texch_ldap", "tcp.port\t390\texch_ldap", "tcp.port\t3269\ttls",
                                        "tls.port\t3269\texch_ldap", "tcp.port\t691\txlsa",
                                        "tcp.port\t563\ttls", "tls.port\t563\tnntp", "tcp.port\t994\ttls",
                                        "tls.port\t994\tirc", "tcp.port\t1503\texch_shared",
                                        "tcp.port\t7000\texch_shared", "tcp.port\t135\texch_epm",
                                        "tcp.port\t6667\texch_shared"})


class Robustness(exchtest.PluginTestCase):
    """Every link-state capture with one and two passes, with and without TCP
    desegmentation: no stderr (checked by the harness), no malformed packets,
    and the chunks, transfers and expert infos each capture holds (LINK_STATE).
    Without desegmentation the command split across segments in xlsa-691 is
    seen in pieces: its FIRST is lost, and so is the transfer."""

    NAMES = ["frame.number", "xlsa.chunk.marker", "xlsa.chunk.length", "xlsa.transfer.chunks",
             "xlsa.transfer.length"] + [f"xlsa.{e}" for e in EXPERTS]
    SPLIT = ({9: ("LAST", TRANSFER - 60)}, {}, {})

    def summary(self, path, *options):
        chunks, transfers, experts = {}, {}, {}
        for row in fields(capture(path), self.NAMES, *options):
            n, marker, length, t_chunks, t_length, *flags = row
            if length:
                chunks[int(n)] = (marker, int(length))
            if t_chunks:
                transfers[int(n)] = (int(t_chunks), int(t_length))
            for name, flag in zip(EXPERTS, flags):
                if flag:
                    experts.setdefault(name, []).append(int(n))
        return chunks, transfers, experts

    def test_passes_and_desegmentation(self):
        desegment_off = ["-o", "tcp.desegment_tcp_streams:FALSE"]
        for path, expected in LINK_STATE.items():
            for options in ([], ["-2"], desegment_off, ["-2"] + desegment_off):
                with self.subTest(capture=path, options=options):
                    split = path == "synthetic/xlsa-691.pcap" and desegment_off[1] in options
                    self.assertEqual(self.summary(path, *options), self.SPLIT if split else expected)
            self.assertEqual(frames_with(path, "_ws.malformed", "-2"), [])

    def test_full_tree(self):
        """-V -x shows an xlsa tree in every frame that has xlsa fields, and each completed transfer as a
        data source of its own."""
        for path, (_, transfers, _) in LINK_STATE.items():
            with self.subTest(capture=path):
                out = tshark(["-n", "-r", capture(path), "-V", "-x", "-2"])
                self.assertEqual(out.count("\nMicrosoft Exchange Link State (X-LSA-2 / X-LINK2STATE)"),
                                 len(frames_with(path, "xlsa", "-2")))
                self.assertEqual(out.count("Link-state transfer ("), len(transfers))
                self.assertNotIn("Malformed", out)


if __name__ == "__main__":
    unittest.main()
