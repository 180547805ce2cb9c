#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads fields/roles.tsv, the single source of truth for Exchange service roles.

Used by the build (gen_roles_c.py) and by the documentation generator, so that
the table is parsed, and checked, in one place only.
"""
import csv
import re
from dataclasses import dataclass, field

COLUMNS = ["port", "transport", "role", "service", "component", "secure",
           "match", "unless", "directory", "dissector", "description"]
DIRECTORIES = ("domain", "global-catalog", "exchange55-srs", "exchange55-alt", "-")
DISSECTORS = ("xlsa", "exch_ldap", "exch_epm", "ircx_irc", "nntp", "tpkt", "-")
ROLE_CODE = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass
class Role:
    """One role on one transport: the rows of roles.tsv sharing (role, transport)."""
    code: str
    transport: str
    service: str
    component: str
    secure: bool
    match: str
    unless: list
    directory: str
    dissector: str
    description: str
    ports: list = field(default_factory=list)

    @property
    def pref_name(self):
        return f"{self.code.replace('-', '_')}_{self.transport}_ports"


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != COLUMNS:
        raise SystemExit(f"{path}: columns must be {COLUMNS}, not {reader.fieldnames}")
    return list(reader)


def check_row(path, n, row):
    where = f"{path}:{n}"
    if not ROLE_CODE.match(row["role"]):
        raise SystemExit(f"{where}: bad role code {row['role']!r}")
    if row["transport"] not in ("tcp", "udp"):
        raise SystemExit(f"{where}: transport must be tcp or udp")
    if not row["port"].isdigit() or not 0 < int(row["port"]) < 65536:
        raise SystemExit(f"{where}: bad port {row['port']!r}")
    if row["secure"] not in ("yes", "no") or row["match"] not in ("port", "content"):
        raise SystemExit(f"{where}: secure must be yes/no, match port/content")
    if row["directory"] not in DIRECTORIES:
        raise SystemExit(f"{where}: directory must be one of {DIRECTORIES}")
    if row["dissector"] not in DISSECTORS or (row["dissector"] != "-" and row["transport"] != "tcp"):
        raise SystemExit(f"{where}: dissector must be one of {DISSECTORS}, on tcp")
    if len(row["unless"].split(",")) > 3:
        raise SystemExit(f"{where}: at most 3 protocols in unless")
    for col in COLUMNS:
        if not row[col]:
            raise SystemExit(f"{where}: column {col} is empty")


def load(path):
    """Returns the roles in table order; rows of one (role, transport) merge into one Role."""
    roles = {}
    claimed = {}
    for n, row in enumerate(read_rows(path), start=2):
        check_row(path, n, row)
        key = (row["role"], row["transport"])
        unless = [] if row["unless"] == "-" else row["unless"].split(",")
        role = Role(row["role"], row["transport"], row["service"], row["component"],
                    row["secure"] == "yes", row["match"], unless,
                    "" if row["directory"] == "-" else row["directory"],
                    "" if row["dissector"] == "-" else row["dissector"], row["description"])
        if key in roles:
            if {**vars(roles[key]), "ports": []} != vars(role):
                raise SystemExit(f"{path}:{n}: rows of {key} disagree on their other columns")
        else:
            roles[key] = role
        port = int(row["port"])
        if role.match == "port":
            owner = claimed.setdefault((row["transport"], port), key)
            if owner != key:
                raise SystemExit(f"{path}:{n}: {row['transport']} {port} is already {owner[0]}")
        roles[key].ports.append(port)
    if len(roles) > 250:
        raise SystemExit(f"{path}: at most 250 roles fit the port map")
    return list(roles.values())
