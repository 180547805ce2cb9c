#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the colouring rules of the Wireshark profile "Exchange":

    gen_profile.py roles.tsv families.tsv STOCK_COLORFILTERS OUT

First the exploit pattern and the security findings, then the failures a
firewall or name resolution causes, then one rule per role family of
families.tsv (every role of roles.tsv in exactly one family), then the stock
rules of the Wireshark it is built for (STOCK_COLORFILTERS; "-" for none), so
that other traffic keeps its usual colours.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import roles as roles_tsv  # noqa: E402

FIRST = [
    ("Exchange MS05-021 exploit pattern", "xlsa.ms05_021", "65535,65535,65535", "42405,0,0"),
    ("Exchange security finding", "exch.cleartext_credentials || exch.starttls_not_used || "
     "exch.unauthenticated_link_state", "0,0,0", "65535,45000,20000"),
    ("Exchange blocked or unresolved", "exch.unreachable || exch.dns_failure", "0,0,0", "65535,49344,49344"),
]


def families(path, codes):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    seen = {}
    for row in rows:
        for code in row["roles"].split(","):
            if code not in codes:
                raise SystemExit(f"{path}: {row['family']}: {code!r} is no role of roles.tsv")
            if code in seen:
                raise SystemExit(f"{path}: {code!r} is in {seen[code]} and {row['family']}")
            seen[code] = row["family"]
    missing = sorted(set(codes) - set(seen))
    if missing:
        raise SystemExit(f"{path}: roles in no family: {', '.join(missing)}")
    return rows


def family_filter(row):
    codes = row["roles"].split(",")
    test = f'exch.role == "{codes[0]}"' if len(codes) == 1 else \
        "exch.role in {" + ", ".join(f'"{c}"' for c in codes) + "}"
    return test if row["also"] == "-" else f"{test} || {row['also']}"


def main(roles_path, families_path, stock_path, out_path):
    codes = {role.code for role in roles_tsv.load(roles_path)}
    rules = FIRST + [(row["label"], family_filter(row), row["foreground"], row["background"])
                     for row in families(families_path, codes)]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# The Exchange profile's colouring rules: written by fields/gen_profile.py, then Wireshark's own.\n")
        for name, expression, fg, bg in rules:
            out.write(f"@{name}@{expression}@[{bg}][{fg}]\n")     # Wireshark's order: background first
        if stock_path != "-":
            with open(stock_path, encoding="utf-8") as stock:
                out.writelines(line for line in stock if not line.startswith("#"))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
