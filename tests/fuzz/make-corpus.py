#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/<target>/) from the TCP
payloads of the test captures: link-state and SMTP text for linkstate, LDAP
PDUs for ldapmsg, port pairs for tables, the payloads on 135, 1503, 6667 and
7000 (endpoint mapper, TPKT, IRC, Gryphon) and the DNS messages on 53/udp for
endpoints. Reproducible: files
are named by the SHA-1 of their content.

    python3 tests/fuzz/make-corpus.py
"""
import glob
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(os.path.dirname(os.path.dirname(HERE)), "testdata")
LINKSTATE_PORTS = {25, 691, 2525}
LDAP_PORTS = {389, 379, 390, 3268, 50389}
ENDPOINT_PORTS = {135, 1503, 7000, 6667}         # endpoint mapper answers, TPKT, IRC and Gryphon


def packets(path, proto=6):
    """(srcport, dstport, payload) of the TCP segments (UDP datagrams: proto 17) of a classic pcap with
    Ethernet frames."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 24
    while pos + 16 <= len(data):
        caplen = struct.unpack_from("<I", data, pos + 8)[0]
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        if len(frame) < 14:
            continue
        ethertype = struct.unpack_from("!H", frame, 12)[0]
        if ethertype == 0x0800 and len(frame) >= 34 and frame[23] == proto:
            ip = frame[14:]
            total = struct.unpack_from("!H", ip, 2)[0]
            segment = ip[(ip[0] & 15) * 4:total]
        elif ethertype == 0x86DD and len(frame) >= 54 and frame[20] == proto:
            segment = frame[54:]
        else:
            continue
        header = (segment[12] >> 4) * 4 if proto == 6 and len(segment) >= 20 else 8
        if len(segment) >= header:
            sport, dport = struct.unpack_from("!HH", segment)
            payload = segment[header:]
            if payload:
                yield sport, dport, payload


ADDRESS_LISTS = ["192.0.2.10, 10.1.0.0/16;2001:db8::/32 ::1", "10.1.2.3/8 ::/0", "192.0.2.1/33 x",
                 "2001:db8::1/128,192.0.2.0/24", "fe80::1%eth0 ::ffff:192.0.2.1/96"]


def write(target, blob):
    path = os.path.join(HERE, "corpus", target, hashlib.sha1(blob).hexdigest()[:16])
    with open(path, "wb") as f:
        f.write(blob)


def main():
    for target in ("linkstate", "ldapmsg", "tables", "endpoints"):
        os.makedirs(os.path.join(HERE, "corpus", target), exist_ok=True)
    for path in sorted(glob.glob(os.path.join(TESTDATA, "*", "*.pcap"))):
        for sport, dport, payload in packets(path):
            ports = {sport, dport}
            if ports & LINKSTATE_PORTS and len(payload) <= 4096:
                write("linkstate", payload)
            if ports & LDAP_PORTS and payload[:1] == b"\x30":
                write("ldapmsg", payload)
            write("tables", struct.pack("!HHBB", sport, dport, 0, 0) + struct.pack("!HHBB", dport, sport, 1, 5))
            if ports & ENDPOINT_PORTS and payload:
                write("endpoints", payload)
        for sport, dport, payload in packets(path, proto=17):
            if 53 in (sport, dport):
                write("endpoints", payload)
    for text in ADDRESS_LISTS:          # exch.server_addresses
        write("tables", text.encode())


if __name__ == "__main__":
    main()
