# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin registers what it documents: protocols, fields, preferences."""
import os
import sys
import unittest

import exchtest
from exchtest import tshark

sys.path.insert(0, os.path.join(exchtest.SOURCE_DIR, "fields"))
import gen_fields_md  # noqa: E402
from roles import load  # noqa: E402

EXCH_FIELDS = {
    "exch.role": "FT_STRING", "exch.service": "FT_STRING", "exch.component": "FT_STRING",
    "exch.description": "FT_STRING", "exch.port": "FT_UINT16", "exch.transport": "FT_STRING",
    "exch.secure": "FT_BOOLEAN", "exch.server": "FT_IPv4", "exch.server_ipv6": "FT_IPv6",
    "exch.direction": "FT_STRING", "exch.basis": "FT_STRING",
}


def registered_fields(plugin=True):
    rows = [line.split("\t") for line in tshark(["-G", "fields"], plugin=plugin).splitlines()]
    return {cols[2]: cols[3] for cols in rows if cols[0] == "F"}


class Registration(exchtest.PluginTestCase):
    def test_protocol_listed_only_with_the_plugin(self):
        names = ["Microsoft Exchange Service Role", "EXCH", "exch"]
        self.assertIn(names, [row[:3] for row in exchtest.glossary("protocols")])
        self.assertNotIn(names, [row[:3] for row in exchtest.glossary("protocols", plugin=False)])

    def test_exch_fields_and_types(self):
        fields = registered_fields()
        for abbrev, ftype in EXCH_FIELDS.items():
            self.assertEqual(fields.get(abbrev), ftype, abbrev)
        self.assertFalse([f for f in registered_fields(plugin=False) if f.startswith("exch.")])

    def test_every_field_has_a_description(self):
        """Every field of the plugin's protocols says what it is (an expert info says it in its name)."""
        protocols = set(gen_fields_md.plugin_protocols())
        rows = [row for row in exchtest.glossary("fields") if row[0] == "F" and row[4] in protocols]
        self.assertGreater(len(rows), 60)
        for row in rows:
            if row[3] != "FT_NONE" or row[2] in ("xlsa.group",):
                self.assertTrue(len(row) > 7 and row[7].strip(), f"{row[2]} has no description")
            else:
                self.assertTrue(row[1].strip(), f"{row[2]} has no summary")

    def test_field_reference_is_current(self):
        with open(os.path.join(exchtest.SOURCE_DIR, "fields", "FIELDS.md"), encoding="utf-8") as f:
            committed = f.read()
        self.assertEqual(committed, gen_fields_md.render(),
                         "fields/FIELDS.md is stale: python3 fields/gen_fields_md.py > fields/FIELDS.md")

    def test_field_reference_lists_every_field(self):
        with open(os.path.join(exchtest.SOURCE_DIR, "fields", "FIELDS.md"), encoding="utf-8") as f:
            text = f.read()
        protocols = gen_fields_md.plugin_protocols()
        for abbrev in registered_fields():
            if abbrev.split(".")[0] in protocols:
                self.assertIn(f"`{abbrev}`", text)

    def test_role_table_is_the_seed(self):
        """Every row of Microsoft's list is a role of fields/roles.tsv with its protocol name, port and
        description word for word, and every role is a row of the list (a UDP role shares its TCP row)."""
        seed = exchtest.seed_entries()
        covered = set()
        for role in load(os.path.join(exchtest.SOURCE_DIR, "fields", "roles.tsv")):
            with self.subTest(role=role.code, transport=role.transport):
                rows = [e for e in seed if e[0] == role.service and e[1] in role.ports]
                self.assertEqual(len(rows), 1)
                self.assertEqual(" ".join(role.description.split()), rows[0][3])
                covered.add(rows[0])
        self.assertEqual(covered, set(seed))

    def test_one_port_preference_per_port_role(self):
        prefs = dict(line[1:].split(": ", 1) for line in tshark(["-G", "defaultprefs"]).splitlines()
                     if line.startswith("#exch."))
        roles = load(os.path.join(exchtest.SOURCE_DIR, "fields", "roles.tsv"))
        for role in roles:
            if role.match == "port":
                self.assertEqual(prefs.pop(f"exch.{role.pref_name}"), ",".join(map(str, role.ports)))
        self.assertEqual(prefs, {"exch.info_role": "FALSE", "exch.role_details": "FALSE",
                                 "exch.server_addresses": ""})


if __name__ == "__main__":
    unittest.main()
