# SPDX-License-Identifier: GPL-2.0-or-later
"""Display filters and preferences on exch fields select exactly the expected frames."""
import unittest

import exchtest
from exchtest import capture, fields, tshark


def frames(path, display_filter, *extra):
    out = tshark(["-n", "-r", capture(path), "-Y", display_filter, "-T", "fields", "-e", "frame.number",
                  *extra])
    return [int(n) for n in out.split()]


class Filters(exchtest.PluginTestCase):
    # sample.pcapng merges seven real captures (testdata/real/MANIFEST.md): 101 frames,
    # of which 13 are the Global Catalog session on 127.0.0.2:3268.
    SAMPLE = "sample.pcapng"

    def test_gc_selects_exactly_the_global_catalog_frames(self):
        gc = frames(self.SAMPLE, 'exch.role == "gc"')
        self.assertEqual(len(gc), 13)
        self.assertEqual(gc, frames(self.SAMPLE, "tcp.port == 3268"))

    def test_server_address_and_subnet(self):
        ldap = frames(self.SAMPLE, "exch.server == 127.0.0.2")
        self.assertEqual(len(ldap), 26)  # the GC session and the SRS session
        self.assertEqual(ldap, frames(self.SAMPLE, "ip.addr == 127.0.0.2"))
        self.assertEqual(len(frames(self.SAMPLE, "exch.server == 127.0.0.0/29")), 101)
        self.assertEqual(frames(self.SAMPLE, "exch.server == 10.0.0.0/8"), [])

    def test_ipv6_server(self):
        self.assertEqual(frames("real/http-80-ipv6.pcap", "exch.server_ipv6 == ::1"), list(range(1, 11)))
        self.assertEqual(frames("real/http-80-ipv6.pcap", "exch.server"), [])

    def test_secure_after_starttls(self):
        # from the Client Hello (11) to the last acknowledgement (28)
        self.assertEqual(frames("real/smtp-25-starttls.pcap", "exch.secure"), list(range(11, 29)))
        self.assertEqual(frames("real/smtp-25-starttls.pcap", "exch && !exch.secure"), list(range(1, 11)))
        self.assertEqual(frames("real/smtps-465.pcap", "exch.secure"), list(range(1, 31)))

    def test_direction(self):
        self.assertEqual(frames("real/dns-53-udp.pcap", 'exch.direction == "to-server"'), [1, 3])
        self.assertEqual(frames("real/dns-53-udp.pcap", 'exch.direction == "from-server"'), [2, 4])


class Preferences(exchtest.PluginTestCase):
    def test_info_column_off_by_default(self):
        info = fields(capture("real/ldap-3268-gc.pcap"), ["_ws.col.Info"], "-c", "1")
        self.assertFalse(info[0][0].endswith("[gc]"))

    def test_info_column_switch(self):
        # the summary line: from 4.4, _ws.col.Info is filled before postdissectors run
        out = tshark(["-n", "-r", capture("real/ldap-3268-gc.pcap"), "-o", "exch.info_role:TRUE",
                      "-o", 'gui.column.format:"Info","%i"'])
        lines = out.splitlines()
        self.assertEqual(len(lines), 13)
        for line in lines:
            self.assertTrue(line.endswith(" [gc]"), line)

    def test_port_range_moves_a_role(self):
        rows = fields(capture("real/ldap-379-srs-usn.pcap"), ["exch.role", "exch.port"],
                      "-o", "exch.srs_tcp_ports:1", "-o", "exch.gc_tcp_ports:3268,379")
        self.assertEqual(rows, [["gc", "379"]] * 13)

    def test_first_role_in_the_table_keeps_a_shared_port(self):
        rows = fields(capture("real/ldap-379-srs-usn.pcap"), ["exch.role"], "-o", "exch.gc_tcp_ports:3268,379")
        self.assertEqual(rows, [["srs"]] * 13)

    def test_known_servers(self):
        # sample.pcapng: 127.0.0.2 serves the GC and SRS sessions (26 frames), 127.0.0.3 SMTP (21 frames)
        def labelled(value):
            return frames("sample.pcapng", "exch", "-o", f"exch.server_addresses:{value}")
        ldap = frames("sample.pcapng", "ip.addr == 127.0.0.2")
        ldap_smtp = frames("sample.pcapng", "ip.addr == 127.0.0.2 || ip.addr == 127.0.0.3")
        self.assertEqual((len(ldap), len(ldap_smtp)), (26, 47))
        self.assertEqual(labelled("127.0.0.2"), ldap)
        self.assertEqual(labelled("127.0.0.2/32"), ldap)
        self.assertEqual(labelled("127.0.0.3/31"), ldap_smtp)      # the block of .2 and .3
        self.assertEqual(labelled("127.0.0.0/30"), ldap_smtp)
        self.assertEqual(labelled("127.0.0.2, 127.0.0.3"), ldap_smtp)
        self.assertEqual(labelled("10.0.0.0/8 2001:db8::/32"), [])
        self.assertEqual(len(labelled("")), 101)
        # IPv6 servers
        self.assertEqual(frames("real/http-80-ipv6.pcap", "exch", "-o", "exch.server_addresses:::1"),
                         list(range(1, 11)))
        self.assertEqual(frames("real/http-80-ipv6.pcap", "exch", "-o", "exch.server_addresses:::2 127.0.0.1"), [])

    def test_known_servers_bad_entry(self):
        out = exchtest.tshark(["-n", "-r", capture("real/dns-53-udp.pcap"), "-o", "exch.server_addresses:dc1 127.0.0.7",
                               "-T", "fields", "-e", "exch.role"], check_stderr=False)
        self.assertEqual(out.split(), ["dns"] * 4)
        proc_err = exchtest.tshark_stderr(["-n", "-r", capture("real/dns-53-udp.pcap"),
                                           "-o", "exch.server_addresses:dc1 127.0.0.7", "-c", "1"])
        self.assertIn('server_addresses: "dc1" is not an address or CIDR block; that entry is ignored', proc_err)

    def test_empty_range_removes_a_role(self):
        rows = fields(capture("real/dns-53-udp.pcap"), ["exch.role"], "-o", "exch.dns_udp_ports:")
        self.assertEqual(rows, [[""]] * 4)


if __name__ == "__main__":
    unittest.main()
