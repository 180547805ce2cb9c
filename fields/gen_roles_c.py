#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generates the C role table (roles-table.c) from fields/roles.tsv at build time."""
import sys

from roles import load


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_row(role):
    ports = ",".join(str(p) for p in role.ports)
    return ("    { " + ", ".join([
        c_string(role.code), c_string(role.pref_name),
        "EXCH_TCP" if role.transport == "tcp" else "EXCH_UDP",
        c_string(ports), c_string(role.service), c_string(role.component),
        c_string(role.description), "true" if role.secure else "false",
        "EXCH_MATCH_PORT" if role.match == "port" else "EXCH_MATCH_CONTENT",
        c_string(",".join(role.unless)), c_string(role.directory), c_string(role.dissector),
    ]) + " },")


def main(tsv, out):
    rows = "\n".join(c_row(r) for r in load(tsv))
    text = f"""/* Generated from fields/roles.tsv by fields/gen_roles_c.py: do not edit. */
#include "roles.h"

const exch_role_t exch_roles[] = {{
{rows}
}};

const unsigned exch_role_count = sizeof exch_roles / sizeof exch_roles[0];
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
