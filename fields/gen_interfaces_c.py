#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generates the C table of Exchange RPC interfaces (rpc-interfaces.c) from
fields/rpc-interfaces.tsv at build time."""
import csv
import re
import sys

UUID = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$")


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    for n, row in enumerate(rows, start=1):
        if not UUID.match(row["uuid"]) or not row["name"] or '"' in row["name"] or "\\" in row["name"]:
            raise SystemExit(f"{path}: bad row {n}: {row}")
    return rows


def c_row(row):
    d1, d2, d3, d4a, d4b = UUID.match(row["uuid"]).groups()
    data4 = ", ".join(f"0x{b}" for b in re.findall("..", d4a + d4b))
    return f'    {{ {{ 0x{d1}, 0x{d2}, 0x{d3}, {{ {data4} }} }}, "{row["name"]}" }},'


def main(tsv, out):
    rows = "\n".join(c_row(r) for r in load(tsv))
    text = f"""/* Generated from fields/rpc-interfaces.tsv by fields/gen_interfaces_c.py: do not edit. */
#include "rpc-interfaces.h"

const exch_rpc_interface_t exch_rpc_interfaces[] = {{
{rows}
}};

const unsigned exch_rpc_interface_count = sizeof exch_rpc_interfaces / sizeof exch_rpc_interfaces[0];
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
