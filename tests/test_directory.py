# SPDX-License-Identifier: GPL-2.0-or-later
"""Directory services: LDAP on 379, 390 and 3269 through the stock LDAP
dissector, the exch_ldap_tcp heuristic, and the exch.dir.* analysis. Real slapd
captures are described in testdata/real/MANIFEST.md; synthetic ones in
testdata/make-synthetic.py (frame numbers commented there)."""
import glob
import os
import unittest

import exchtest
from exchtest import capture, fields, sandbox, shared_capture, tshark

DIR = ["exch.role", "exch.dir.directory", "exch.dir.bind", "exch.dir.exchange55", "exch.dir.adc_sync",
       "exch.dir.dirsync", "exch.dir.forest_search", "exch.cleartext_credentials"]


def by_frame(path, names, *extra):
    rows = fields(path, ["frame.number"] + names, *extra)
    return {int(row[0]): dict(zip(names, row[1:])) for row in rows}


def ldap_frames(path, *extra, plugin=True):
    return [int(n) for n in tshark(["-n", "-r", path, "-Y", "ldap", "-T", "fields", "-e", "frame.number",
                                    *extra], plugin=plugin).split()]


def keylog(name):
    return ["-o", "tls.keylog_file:" + sandbox().readable(capture(f"real/{name}.keys"))]


def flags(row):
    """The exch.dir booleans and the expert present in a frame, by short name."""
    return {name.split(".")[-1] for name in DIR[3:] if row[name]}


class LdapOnExchangePorts(exchtest.PluginTestCase):
    def test_379_and_390_decoded_by_the_stock_ldap_dissector(self):
        for path, frames in (("real/ldap-379-srs-usn.pcap", [4, 6, 8, 9, 10]),
                             ("real/ldap-390-anon.pcap", [4, 6, 8, 9, 10, 12])):
            with self.subTest(capture=path):
                self.assertEqual(ldap_frames(capture(path)), frames)
                self.assertEqual(ldap_frames(capture(path), plugin=False), [])
                rows = fields(capture(path), ["frame.protocols"], "-Y", "ldap")
                self.assertEqual({r[0] for r in rows}, {"eth:ethertype:ip:tcp:exch_ldap:ldap"})

    def test_srs_search_fields(self):
        rows = fields(capture("real/ldap-379-srs-usn.pcap"), ["ldap.protocolOp", "ldap.baseObject", "ldap.name"],
                      "-Y", "ldap")
        self.assertEqual(rows, [["0", "", "cn=admin,o=Example Org"], ["1", "", ""],
                                ["3", "cn=Recipients,ou=Site1,o=Example Org", ""], ["5", "", ""], ["2", "", ""]])

    def test_gc_over_ssl_with_keys(self):
        path = capture("real/ldap-3269-gc-ssl.pcap")
        self.assertEqual(ldap_frames(path, *keylog("ldap-3269-gc-ssl")), [18, 20, 21, 22, 23])
        stock = tshark(["-n", "-r", path, "-Y", "ldap", *keylog("ldap-3269-gc-ssl")], plugin=False)
        self.assertEqual(stock, "")
        rows = fields(path, ["ldap.protocolOp", "ldap.baseObject"], "-Y", "ldap", *keylog("ldap-3269-gc-ssl"))
        self.assertEqual(rows[2], ["3", ""])

    def test_stock_ldap_ports_unchanged(self):
        cases = [("real/ldap-389-simple-bind.pcap", []), ("real/ldap-3268-gc.pcap", []),
                 ("real/ldap-636-ssl.pcap", keylog("ldap-636-ssl"))]
        for path, extra in cases:
            with self.subTest(capture=path):
                names = ["frame.number", "frame.protocols", "ldap.protocolOp", "ldap.messageID", "_ws.col.Info"]
                mine = fields(capture(path), names, *extra)
                self.assertTrue([r for r in mine if r[2]])
                self.assertEqual(mine, fields(capture(path), names, *extra, plugin=False))

    def test_decode_as_entries(self):
        lines = tshark(["-G", "decodes"]).splitlines()
        for entry in ("tcp.port\t379\texch_ldap", "tcp.port\t390\texch_ldap", "tls.port\t3269\texch_ldap",
                      "tcp.port\t389\tldap", "tcp.port\t3268\tldap", "tls.port\t636\tldap"):
            self.assertIn(entry, lines)


class DirectoryAnalysis(exchtest.PluginTestCase):
    def check(self, path, expected, *extra, count=None):
        """expected: {frame: (role, directory, bind, {flags})}; other LDAP frames are not listed."""
        got = by_frame(capture(path), DIR, "-2", *extra)
        if count is not None:
            self.assertEqual(len(got), count)
        for n, (role, directory, bind, want) in expected.items():
            row = got[n]
            self.assertEqual((row["exch.role"], row["exch.dir.directory"], row["exch.dir.bind"], flags(row)),
                             (role, directory, bind, want), f"{path} frame {n}")

    def test_domain_simple_bind_in_clear(self):
        self.check("real/ldap-389-simple-bind.pcap", {
            3: ("ldap", "domain", "", set()),                    # before the bind
            4: ("ldap", "domain", "simple", {"cleartext_credentials"}),
            8: ("ldap", "domain", "simple", set()),
            15: ("ldap", "domain", "simple", set())}, count=15)

    def test_dirsync_control(self):
        self.check("real/ldap-389-dirsync.pcap", {
            4: ("ldap", "domain", "anonymous", set()),
            8: ("ldap", "domain", "anonymous", {"dirsync"}),
            9: ("ldap", "domain", "anonymous", set())})        # unavailableCriticalExtension

    def test_srs_exchange55_naming_and_usn(self):
        self.check("real/ldap-379-srs-usn.pcap", {
            4: ("srs", "exchange55-srs", "simple", {"cleartext_credentials"}),
            8: ("srs", "exchange55-srs", "simple", {"exchange55", "adc_sync"})})

    def test_alternate_port_exchange55(self):
        self.check("real/ldap-390-anon.pcap", {
            4: ("ldap-alt", "exchange55-alt", "anonymous", set()),
            8: ("ldap-alt", "exchange55-alt", "anonymous", {"exchange55"}),
            9: ("ldap-alt", "exchange55-alt", "anonymous", {"exchange55"})})   # the entry's DN

    def test_gc_forest_search(self):
        self.check("real/ldap-3268-gc.pcap", {8: ("gc", "global-catalog", "anonymous", {"forest_search"})})
        self.check("synthetic/ldap-adc-sync.pcap", {
            16: ("gc", "global-catalog", "", {"forest_search"}),
            18: ("gc", "global-catalog", "", set())})            # CN=Users is not the root

    def test_scopes_and_usn_filters_at_their_boundaries(self):
        # one level below "" is not forest-wide, a whole subtree is; uSNChanged= is not change tracking, >= is
        got = by_frame(capture("synthetic/ldap-3268-scopes.pcap"), DIR, "-2")
        self.assertEqual({n: flags(row) for n, row in got.items() if flags(row)},
                         {6: {"forest_search"}, 12: {"adc_sync"}})
        self.assertEqual({row["exch.dir.directory"] for row in got.values()}, {"global-catalog"})

    def test_ssl_ports_are_tls(self):
        self.check("real/ldap-636-ssl.pcap", {1: ("ldap-ssl", "domain", "tls", set())},
                   *keylog("ldap-636-ssl"), count=31)
        # the simple bind with a password inside TLS is not cleartext
        got = by_frame(capture("real/ldap-3269-gc-ssl.pcap"), DIR, "-2", *keylog("ldap-3269-gc-ssl"))
        self.assertEqual({row["exch.dir.bind"] for row in got.values()}, {"tls"})
        self.assertEqual([n for n, row in got.items() if row["exch.cleartext_credentials"]], [])
        self.assertEqual([n for n, row in got.items() if row["exch.dir.forest_search"]], [21])

    def test_starttls(self):
        got = by_frame(capture("real/ldap-389-starttls.pcap"), DIR, "-2")
        self.assertEqual([n for n, row in got.items() if row["exch.dir.bind"] == "tls"], list(range(8, 31)))
        self.assertEqual([n for n, row in got.items() if row["exch.dir.bind"] not in ("", "tls")], [])

    def test_sicily_ntlm(self):
        self.check("synthetic/ldap-379-sicily.pcap", {
            4: ("srs", "exchange55-srs", "sicily-ntlm", set()),   # [9] package discovery
            6: ("srs", "exchange55-srs", "sicily-ntlm", set()),   # [10] negotiate
            8: ("srs", "exchange55-srs", "sicily-ntlm", set()),   # [11] response
            10: ("srs", "exchange55-srs", "sicily-ntlm", {"exchange55"})})

    def test_adc_connection_agreement(self):
        self.check("synthetic/ldap-adc-sync.pcap", {
            4: ("ldap", "domain", "simple", {"cleartext_credentials"}),
            6: ("ldap", "domain", "simple", {"adc_sync", "dirsync"}),
            8: ("ldap", "domain", "simple", {"adc_sync"})})

    def test_cleartext_expert_is_a_security_warning(self):
        # once, under the protocol that raises it: EXCH on a role's port, EXCH-LDAP where LDAP was found by content
        for path, protocol in (("real/ldap-389-simple-bind.pcap", "EXCH"),
                               ("synthetic/ldap-50389-heuristic.pcap", "EXCH-LDAP")):
            out = tshark(["-n", "-r", capture(path), "-q", "-z", "expert,warn"])
            lines = [l.split(None, 3) for l in out.splitlines() if "LDAP simple bind with a password" in l]
            self.assertEqual(lines, [["1", "Security", protocol,
                                      "Cleartext credentials outside TLS: LDAP simple bind with a password (the "
                                      "password is readable on the wire)"]],
                             path)

    def test_filters(self):
        path = capture("synthetic/ldap-adc-sync.pcap")
        frames = lambda f: [int(n) for n in tshark(["-n", "-2", "-r", path, "-Y", f, "-T", "fields", "-e",
                                                    "frame.number"]).split()]
        self.assertEqual(frames("exch.dir.adc_sync"), [6, 8])
        self.assertEqual(frames('exch.dir.directory == "global-catalog"'), list(range(13, 23)))
        self.assertEqual(frames("exch.cleartext_credentials"), [4])


class Heuristic(exchtest.PluginTestCase):
    PATH = "synthetic/ldap-50389-heuristic.pcap"

    def test_ldap_on_an_unowned_port(self):
        got = by_frame(capture(self.PATH), ["frame.protocols", "ldap.protocolOp", "exch.role", "exch.dir.bind",
                                            "exch.cleartext_credentials"], "-Y", "ldap")
        self.assertEqual(sorted(got), [4, 5, 6])
        self.assertEqual(got[4]["frame.protocols"], "eth:ethertype:ip:tcp:exch_ldap:ldap")
        out = tshark(["-n", "-r", capture(self.PATH), "-Y", "frame.number == 4", "-V"])
        self.assertIn("\nLDAP with Exchange directory analysis (found by content)\n", out)
        self.assertEqual((got[4]["exch.role"], got[4]["exch.dir.bind"]), ("", "simple"))
        self.assertNotEqual(got[4]["exch.cleartext_credentials"], "")

    def test_enabled_by_default_and_can_be_disabled(self):
        self.assertIn(["tcp", "exch_ldap", "T"], [row[:3] for row in exchtest.glossary("heuristic-decodes")])
        self.assertEqual(ldap_frames(capture(self.PATH), "--disable-heuristic", "exch_ldap_tcp"), [])

    def test_port_preference(self):
        # with the heuristic off, the role's port preference moves the label and the decoding together
        args = ["--disable-heuristic", "exch_ldap_tcp", "-o", "exch.ldap_alt_tcp_ports:390,50389"]
        self.assertEqual(ldap_frames(capture(self.PATH), *args), [4, 5, 6])
        got = by_frame(capture(self.PATH), ["frame.protocols", "exch.role", "exch.dir.directory", "exch.dir.bind"],
                       "-Y", "ldap", *args)
        self.assertEqual({n: tuple(row.values()) for n, row in got.items()}, {
            n: ("eth:ethertype:ip:tcp:exch_ldap:ldap", "ldap-alt", "exchange55-alt", "simple") for n in (4, 5, 6)})

    def test_decode_as_keeps_the_analysis(self):
        args = ["--disable-heuristic", "exch_ldap_tcp", "-d", "tcp.port==50389,exch_ldap"]
        got = by_frame(capture(self.PATH), ["exch.role", "exch.dir.bind", "exch.cleartext_credentials"],
                       "-Y", "ldap", *args)
        self.assertEqual(sorted(got), [4, 5, 6])
        self.assertEqual({row["exch.role"] for row in got.values()}, {""})
        self.assertEqual({row["exch.dir.bind"] for row in got.values()}, {"simple"})
        self.assertEqual([n for n, row in got.items() if row["exch.cleartext_credentials"]], [4])
        out = tshark(["-n", "-r", capture(self.PATH), "-Y", "frame.number == 4", "-V", *args])
        self.assertIn("LDAP with Exchange directory analysis (on port 50389)", out)

    def test_real_ldap_on_a_non_standard_port(self):
        path = shared_capture("zeek-ldap-simpleauth-diff-port.pcap")
        got = by_frame(path, ["ldap.protocolOp", "exch.dir.bind", "exch.cleartext_credentials"], "-Y", "ldap")
        self.assertEqual(sorted(got), [4, 5, 7, 8, 9, 10])
        self.assertEqual({row["exch.dir.bind"] for row in got.values()}, {"simple"})
        self.assertEqual([n for n, row in got.items() if row["exch.cleartext_credentials"]], [4, 9])

    def test_no_false_positives(self):
        """Zero frames taken for LDAP in every capture that holds no LDAP."""
        paths = [p for p in glob.glob(os.path.join(exchtest.TESTDATA, "*", "*.pcap"))
                 if "ldap" not in os.path.basename(p)]
        self.assertGreater(len(paths), 30)
        self.check_no_ldap(paths)

    def test_no_false_positives_on_third_party_captures(self):
        paths = [p for p in exchtest.shared_captures() if "ldap" not in os.path.basename(p)]
        self.assertGreater(len(paths), 10)
        self.check_no_ldap(paths)

    def check_no_ldap(self, paths):
        for path in paths:
            with self.subTest(capture=os.path.basename(path)):
                self.assertEqual(tshark(["-n", "-r", path, "-Y", "exch_ldap || ldap", "-T", "fields", "-e",
                                         "frame.number"]), "")


class SharedCaptures(exchtest.PluginTestCase):
    def test_starttls_upgrade(self):
        got = by_frame(shared_capture("zeek-ldap-ldap-starttls.pcap"), ["exch.dir.bind", "exch.secure"], "-2")
        tls = [n for n, row in got.items() if row["exch.dir.bind"] == "tls"]
        self.assertEqual(tls[0], 8)     # frames 4 and 6: the StartTLS request and its response
        self.assertEqual(tls, list(range(8, len(got) + 1)))

    def test_sasl_ntlm(self):
        got = by_frame(shared_capture("zeek-ldap-sasl-ntlm.pcap"), ["exch.dir.bind", "ldap.protocolOp"], "-Y", "ldap")
        self.assertEqual({row["exch.dir.bind"] for row in got.values()}, {"sasl"})

    def test_active_directory_session(self):
        got = by_frame(shared_capture("zeek-ldap-aduser1.pcap"), ["exch.role", "exch.dir.directory"], "-Y", "ldap")
        self.assertTrue(got)
        self.assertEqual({(row["exch.role"], row["exch.dir.directory"]) for row in got.values()},
                         {("ldap", "domain")})


if __name__ == "__main__":
    unittest.main()
