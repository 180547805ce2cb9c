# SPDX-License-Identifier: GPL-2.0-or-later
"""exch.* labels on every frame of captures whose contents are known: real
servers on loopback (testdata/real/MANIFEST.md) and synthetic captures
(testdata/make-synthetic.py)."""
import unittest

import exchtest
from exchtest import capture, fields

LABEL = ["frame.number", "ip.dst", "ipv6.dst", "tcp.dstport", "udp.dstport", "exch.role", "exch.service",
         "exch.component", "exch.port", "exch.transport", "exch.secure", "exch.server",
         "exch.server_ipv6", "exch.direction", "exch.basis"]

# What each role is, as a user reads it in the tree.
SERVICE = {
    "ldap": ("LDAP", "Active Directory"), "ldap-ssl": ("LDAP/SSL", "Active Directory"),
    "srs": ("LDAP", "Site Replication Service"), "ldap-alt": ("LDAP", "Exchange Server 5.5 Directory"),
    "gc": ("LDAP", "Active Directory Global Catalog"),
    "gc-ssl": ("LDAP/SSL", "Active Directory Global Catalog"),
    "imap4": ("IMAP4", "IIS Admin Service (Inetinfo.exe)"),
    "imap4-ssl": ("IMAP4/SSL", "IIS Admin Service (Inetinfo.exe)"),
    "pop3": ("POP3", "IIS Admin Service (Inetinfo.exe)"),
    "pop3-ssl": ("POP3/SSL", "IIS Admin Service (Inetinfo.exe)"),
    "nntp": ("NNTP", "IIS Admin Service (Inetinfo.exe)"),
    "nntp-ssl": ("NNTP/SSL", "IIS Admin Service (Inetinfo.exe)"),
    "http": ("HTTP", "World Wide Web Publishing Service (W3Svc)"),
    "http-ssl": ("HTTP/SSL", "World Wide Web Publishing Service (W3Svc)"),
    "smtp": ("SMTP", "SMTP Service (SMTPSvc)"), "smtp-ssl": ("SMTP/SSL", "SMTP Service (SMTPSvc)"),
    "lsa": ("SMTP/LSA", "Routing Engine (RESvc)"),
    "irc": ("IRC/IRCX", "Exchange Chat Service"), "irc-ssl": ("IRC/SSL", "Exchange Chat Service"),
    "x400": ("X.400", "Message Transfer Agent"),
    "msrpc": ("MS-RPC", "RPC Locator Service (endpoint mapper)"),
    "t120": ("T.120", "Exchange Conferencing Services"),
    "uls": ("ULS", "User Locator Service (NetMeeting)"),
    "h323": ("H.323 (Video)", "Exchange Conferencing Services"),
    "audio": ("Audio", "Exchange Conferencing Services"), "dns": ("DNS", "DNS Server"),
}

# capture, frames, server address, server port, role, transport, secure frames
# (True: every frame, a set: exactly those frames, the ones from the first TLS record on).
CASES = [
    ("real/ldap-389-simple-bind.pcap", 15, "127.0.0.2", 389, "ldap", "tcp", set()),
    ("real/ldap-389-dirsync.pcap", 13, "127.0.0.2", 389, "ldap", "tcp", set()),
    # after StartTLS: from the Client Hello (8) on, acknowledgements included
    ("real/ldap-389-starttls.pcap", 30, "127.0.0.2", 389, "ldap", "tcp", set(range(8, 31))),
    ("synthetic/cldap-389-udp.pcap", 2, "192.0.2.20", 389, "ldap", "udp", set()),
    ("real/ldap-636-ssl.pcap", 31, "127.0.0.2", 636, "ldap-ssl", "tcp", True),
    ("real/ldap-379-srs-usn.pcap", 13, "127.0.0.2", 379, "srs", "tcp", set()),
    ("real/ldap-390-anon.pcap", 15, "127.0.0.2", 390, "ldap-alt", "tcp", set()),
    ("real/ldap-3268-gc.pcap", 13, "127.0.0.2", 3268, "gc", "tcp", set()),
    ("real/ldap-3269-gc-ssl.pcap", 27, "127.0.0.2", 3269, "gc-ssl", "tcp", True),
    ("real/imap-143.pcap", 20, "127.0.0.4", 143, "imap4", "tcp", set()),
    ("real/imaps-993.pcap", 32, "127.0.0.4", 993, "imap4-ssl", "tcp", True),
    ("real/pop3-110.pcap", 21, "127.0.0.4", 110, "pop3", "tcp", set()),
    ("real/pop3s-995.pcap", 32, "127.0.0.4", 995, "pop3-ssl", "tcp", True),
    ("real/nntp-119.pcap", 14, "127.0.0.8", 119, "nntp", "tcp", set()),
    ("real/nntps-563.pcap", 23, "127.0.0.8", 563, "nntp-ssl", "tcp", True),
    ("real/http-80.pcap", 10, "127.0.0.5", 80, "http", "tcp", set()),
    ("real/http-80-ipv6.pcap", 10, "::1", 80, "http", "tcp", set()),
    ("real/https-443.pcap", 15, "127.0.0.5", 443, "http-ssl", "tcp", True),
    ("real/smtp-25-session.pcap", 21, "127.0.0.3", 25, "smtp", "tcp", set()),
    ("real/smtp-25-starttls.pcap", 28, "127.0.0.3", 25, "smtp", "tcp", set(range(11, 29))),
    ("real/smtps-465.pcap", 30, "127.0.0.3", 465, "smtp-ssl", "tcp", True),
    ("real/smtp-691-xlsa.pcap", 15, "127.0.0.3", 691, "lsa", "tcp", set()),
    ("real/irc-6667.pcap", 20, "127.0.0.6", 6667, "irc", "tcp", set()),
    ("real/irc-7000.pcap", 20, "127.0.0.6", 7000, "irc", "tcp", set()),
    ("real/ircs-994.pcap", 26, "127.0.0.6", 994, "irc-ssl", "tcp", True),
    ("synthetic/x400-102.pcap", 10, "192.0.2.10", 102, "x400", "tcp", set()),
    ("synthetic/msrpc-135.pcap", 8, "192.0.2.10", 135, "msrpc", "tcp", set()),
    ("synthetic/t120-1503.pcap", 9, "192.0.2.10", 1503, "t120", "tcp", set()),
    ("synthetic/uls-522.pcap", 8, "192.0.2.10", 522, "uls", "tcp", set()),
    ("synthetic/h323-1720.pcap", 8, "192.0.2.10", 1720, "h323", "tcp", set()),
    ("synthetic/audio-1731.pcap", 8, "192.0.2.10", 1731, "audio", "tcp", set()),
    ("real/dns-53-udp.pcap", 4, "127.0.0.7", 53, "dns", "udp", set()),
    ("real/dns-53-tcp.pcap", 10, "127.0.0.7", 53, "dns", "tcp", set()),
]


DETAILS = ["-o", "exch.role_details:TRUE"]


def labels(path, *extra):
    return [dict(zip(LABEL, row)) for row in fields(capture(path), LABEL, *DETAILS, *extra)]


class EveryRole(exchtest.PluginTestCase):
    def test_every_role_has_a_capture(self):
        covered = {case[4] for case in CASES}
        self.assertEqual(covered, set(SERVICE))

    def test_every_frame_labelled_exactly(self):
        for path, count, server, port, role, transport, secure in CASES:
            with self.subTest(capture=path):
                rows = labels(path)
                self.assertEqual(len(rows), count)
                for row in rows:
                    self.check_frame(row, server, port, role, transport, secure)

    def check_frame(self, row, server, port, role, transport, secure):
        n = int(row["frame.number"])
        ipv6 = ":" in server
        dst = row["ipv6.dst"] if ipv6 else row["ip.dst"]
        dstport = row["tcp.dstport"] if transport == "tcp" else row["udp.dstport"]
        want_secure = secure is True or n in secure
        self.assertEqual(
            (row["exch.role"], row["exch.service"], row["exch.component"], row["exch.port"],
             row["exch.transport"], row["exch.secure"], row["exch.basis"]),
            (role, *SERVICE[role], str(port), transport, "1" if want_secure else "", "port"),
            f"frame {n}")
        self.assertEqual(row["exch.server_ipv6" if ipv6 else "exch.server"], server, f"frame {n}")
        self.assertEqual(row["exch.server" if ipv6 else "exch.server_ipv6"], "", f"frame {n}")
        self.assertEqual(row["exch.direction"], "to-server" if (dst, dstport) == (server, str(port)) else "from-server", f"frame {n}")

    def test_description_is_the_seed_text(self):
        """What a user reads as exch.description is Microsoft's text for the port, word for word."""
        seed = exchtest.seed_entries()
        for path, _, _, port, role, _, _ in CASES:
            with self.subTest(role=role):
                rows = fields(capture(path), ["exch.service", "exch.description"], *DETAILS, "-c", "1")
                service, description = rows[0]
                # the row of the protocol and port; IRC's 7000 is named in the row of 6667
                texts = [t for p, n, _, t in seed if p == service and n == port] or \
                        [t for p, _, _, t in seed if p == service]
                self.assertEqual([description], texts)

    def test_role_details_only_when_asked(self):
        path = capture("real/ldap-3268-gc.pcap")
        names = ["exch.role", "exch.service", "exch.component", "exch.transport", "exch.description"]
        # with the preference: all of them (the description is Microsoft's text: test_description_is_the_seed_text)
        [details] = fields(path, names, "-c", "1", *DETAILS)
        self.assertEqual(details[:4], ["gc", "LDAP", "Active Directory Global Catalog", "tcp"])
        self.assertTrue(details[4].startswith("Global catalog. The Windows 2000 Active Directory global catalog"))
        # tshark 4.0 builds every field for -T fields without telling the dissectors which -e it prints;
        # later ones (4.4 and 4.6 tested) hand the -e fields over, and those details are then asked for
        self.assertEqual(fields(path, names, "-c", "1"),
                         [["gc", "", "", "", ""] if exchtest.sandbox().version == "4.0" else details])
        # a display filter that uses them adds them
        self.assertEqual(fields(path, names[:4], "-c", "1", "-Y", 'exch.service == "LDAP" && exch.transport == "tcp" '
                                '&& exch.component contains "Catalog"'),
                         [["gc", "LDAP", "Active Directory Global Catalog", "tcp"]])
        # and so does a column
        out = exchtest.tshark(["-n", "-r", path, "-c", "1", "-o", 'gui.column.format:"Component","%Cus:exch.component"'])
        self.assertEqual(out.strip(), "Active Directory Global Catalog")
        # the protocol item's text names them in every tree shown
        out = exchtest.tshark(["-n", "-r", path, "-c", "1", "-V"])
        self.assertIn("\nMicrosoft Exchange Service Role: gc (LDAP, Active Directory Global Catalog)\n", out)


class ServerSide(exchtest.PluginTestCase):
    def test_both_ports_known(self):
        rows = labels("synthetic/ports-both.pcap")
        got = [(r["exch.role"], r["exch.server"], r["exch.port"], r["exch.direction"]) for r in rows]
        self.assertEqual(got, [
            # the SYN went to 3268: the GC is the server although 389 is the lower port
            ("gc", "192.0.2.20", "3268", "to-server"), ("gc", "192.0.2.20", "3268", "from-server"),
            ("gc", "192.0.2.20", "3268", "to-server"), ("gc", "192.0.2.20", "3268", "to-server"),
            ("gc", "192.0.2.20", "3268", "from-server"), ("gc", "192.0.2.20", "3268", "to-server"),
            # no SYN between 636 and 143: the lower port is the server
            ("imap4", "192.0.2.10", "143", "from-server"), ("imap4", "192.0.2.10", "143", "to-server"),
            # equal ports: the destination
            ("dns", "192.0.2.21", "53", "to-server"),
            # 389 -> 53 over UDP: the lower port
            ("dns", "192.0.2.21", "53", "to-server"),
        ])

    def test_icmp_errors_quoting_exchange_ports_get_no_label(self):
        # 1-3 destination unreachable (their attempts' roles are in exch.unreachable.role), 4 a time exceeded
        rows = labels("synthetic/icmp-errors.pcap")
        self.assertEqual([(r["frame.number"], r["exch.role"]) for r in rows],
                         [("1", ""), ("2", ""), ("3", ""), ("4", "")])


class NotAnMta(exchtest.PluginTestCase):
    """Port 102 is also Siemens S7: a PLC is not an X.400 MTA."""

    def test_s7_connection_not_labelled_with_two_passes(self):
        rows = labels("synthetic/s7comm-102.pcap", "-2")
        self.assertEqual([r["exch.role"] for r in rows], [""] * 10)

    def test_single_pass_stops_at_the_first_s7_frame(self):
        # One pass cannot know the future: the handshake and COTP set-up (1-5)
        # come before the first S7 PDU (6).
        rows = labels("synthetic/s7comm-102.pcap")
        self.assertEqual([r["exch.role"] for r in rows], ["x400"] * 5 + [""] * 5)

    def test_real_s7_capture(self):
        path = exchtest.shared_capture("ndpi-s7comm.pcap")
        rows = fields(path, ["exch.role", "s7comm"], "-2", "-Y", "tcp.port == 102")
        self.assertTrue(rows)
        self.assertEqual({r[0] for r in rows}, {""})


class BadInput(exchtest.PluginTestCase):
    """Frames without a complete transport header get no label and no error.
    A label needs both ports: TCP keeps them even when the rest of its header
    is bad (frames 8 and 10), exactly as its own conversation tracking does."""

    EXPECTED = {
        # frame: role (defragmentation on) / role (defragmentation off)
        1: ("", ""),            # ARP
        2: ("", "dns"),         # first IPv4 fragment: UDP is only seen unreassembled
        3: ("dns", ""),         # last fragment: the reassembled datagram / a bare fragment
        4: ("", ""),            # IPv4 header cut after 12 bytes
        5: ("", ""),            # TCP header cut inside the destination port
        6: ("", ""),            # UDP header cut after 6 bytes
        7: ("dns", "dns"),      # UDP to 53 with an empty payload
        8: ("gc", "gc"),        # IPv4 total length shorter than the TCP header
        9: ("", ""),            # zero-length frame
        10: ("gc", "gc"),       # bogus TCP header length
    }

    def test_bad_frames(self):
        for option, column in (([], 0), (["-o", "ip.defragment:FALSE"], 1)):
            for passes in ([], ["-2"]):
                rows = labels("synthetic/bad-input.pcap", *option, *passes)
                got = {int(r["frame.number"]): r["exch.role"] for r in rows}
                self.assertEqual(got, {n: roles[column] for n, roles in self.EXPECTED.items()},
                                 f"{option} {passes}")

    def test_full_tree_and_hex_dump(self):
        out = exchtest.tshark(["-n", "-V", "-x", "-r", capture("synthetic/bad-input.pcap")])
        self.assertEqual(out.count("Microsoft Exchange Service Role: "), 4)


if __name__ == "__main__":
    unittest.main()
