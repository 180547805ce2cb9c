# SPDX-License-Identifier: GPL-2.0-or-later
"""A tiny, dependency-free writer of synthetic pcap files.

Builds Ethernet / IPv4 / IPv6 / TCP / UDP frames with correct lengths and
checksums, and TCP sessions (handshake, data in either direction, close) with
consistent sequence numbers. Timestamps advance by one millisecond per frame
from a fixed start, so every run writes identical bytes.
"""
import ipaddress
import struct

START = 1767225600  # 2026-01-01 00:00:00 UTC
LINKTYPE_ETHERNET = 1
SYN, ACK, PSH, FIN, RST = 0x02, 0x10, 0x08, 0x01, 0x04


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class Pcap:
    def __init__(self, path, snaplen=65535):
        self.file = open(path, "wb")
        self.file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, LINKTYPE_ETHERNET))
        self.ticks = 0

    def frame(self, data, captured=None):
        """Writes one Ethernet frame; `captured` cuts it as a short snaplen would."""
        kept = data if captured is None else data[:captured]
        sec, usec = divmod(self.ticks * 1000, 1_000_000)
        self.file.write(struct.pack("<IIII", START + sec, usec, len(kept), len(data)) + kept)
        self.ticks += 1

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def ethernet(payload, ethertype):
    return b"\x00\x00\x5e\x00\x53\x02" + b"\x00\x00\x5e\x00\x53\x01" + struct.pack("!H", ethertype) + payload


def ip_packet(src, dst, proto, payload, ident=1, flags_frag=0x4000):
    """An Ethernet frame carrying payload in IPv4 or IPv6 (chosen from the addresses)."""
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if s.version == 4:
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, flags_frag,
                             64, proto, 0, s.packed, d.packed)
        header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
        return ethernet(header + payload, 0x0800)
    header = struct.pack("!IHBB16s16s", 0x60000000, len(payload), proto, 64, s.packed, d.packed)
    return ethernet(header + payload, 0x86DD)


def pseudo_header(src, dst, proto, length):
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if s.version == 4:
        return s.packed + d.packed + struct.pack("!BBH", 0, proto, length)
    return s.packed + d.packed + struct.pack("!IxxxB", length, proto)


def tcp_segment(src, dst, sport, dport, seq, ack, flags, payload=b"", window=65535):
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, window, 0, 0)
    csum = checksum(pseudo_header(src, dst, 6, len(header) + len(payload)) + header + payload)
    return header[:16] + struct.pack("!H", csum) + header[18:] + payload


def udp_datagram(src, dst, sport, dport, payload):
    header = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    csum = checksum(pseudo_header(src, dst, 17, len(header) + len(payload)) + header + payload) or 0xFFFF
    return header[:6] + struct.pack("!H", csum) + payload


def icmp_unreachable(sender, to, quoted_frame, code):
    """An ICMP (IPv4) or ICMPv6 destination unreachable (see icmp_error)."""
    return icmp_error(sender, to, quoted_frame, (3, 1), code)


def icmp_error(sender, to, quoted_frame, types, code):
    """An ICMP (IPv4) or ICMPv6 error of type types[0] (ICMP) or types[1]
    (ICMPv6) from sender to to, quoting the IP packet of quoted_frame (an
    Ethernet frame of ip_packet): ICMP its IP header and the first 8 bytes of
    its payload (RFC 792), ICMPv6 all of it (RFC 4443: as much as fits in 1,280
    bytes)."""
    quoted = quoted_frame[14:]
    if ipaddress.ip_address(sender).version == 4:
        message = bytes([types[0], code]) + b"\0" * 6 + quoted[:(quoted[0] & 0x0F) * 4 + 8]
        return ip_packet(sender, to, 1, message[:2] + struct.pack("!H", checksum(message)) + message[4:])
    message = bytes([types[1], code]) + b"\0" * 6 + quoted[:1280 - 48]
    csum = checksum(pseudo_header(sender, to, 58, len(message)) + message)
    return ip_packet(sender, to, 58, message[:2] + struct.pack("!H", csum) + message[4:])


class TcpSession:
    """One TCP connection between a client and a server endpoint."""

    def __init__(self, pcap, client, server, client_isn=1000, server_isn=5000):
        self.pcap = pcap
        self.ends = {"c": list(client) + [client_isn], "s": list(server) + [server_isn]}

    def _send(self, who, flags, payload=b"", captured=None):
        other = "s" if who == "c" else "c"
        (src, sport, seq), (dst, dport, ack) = self.ends[who], self.ends[other]
        segment = tcp_segment(src, dst, sport, dport, seq, ack if flags & ACK else 0, flags, payload)
        self.pcap.frame(ip_packet(src, dst, 6, segment), captured)
        self.ends[who][2] = (seq + len(payload) + (1 if flags & (SYN | FIN) else 0)) & 0xFFFFFFFF

    def handshake(self):
        self._send("c", SYN)
        self._send("s", SYN | ACK)
        self._send("c", ACK)
        return self

    def client(self, *segments):
        """Sends each argument as one segment from the client."""
        for data in segments:
            self._send("c", PSH | ACK, data)
        return self

    def server(self, *segments):
        for data in segments:
            self._send("s", PSH | ACK, data)
        return self

    def ack(self, who):
        self._send(who, ACK)
        return self

    def close(self):
        self._send("c", FIN | ACK)
        self._send("s", FIN | ACK)
        self._send("c", ACK)
        return self

    def reset(self, who="s"):
        self._send(who, RST | ACK)
        return self


class UdpFlow:
    def __init__(self, pcap, client, server):
        self.pcap, self.client_end, self.server_end = pcap, client, server

    def client(self, payload):
        self._send(self.client_end, self.server_end, payload)
        return self

    def server(self, payload):
        self._send(self.server_end, self.client_end, payload)
        return self

    def _send(self, src, dst, payload):
        self.pcap.frame(ip_packet(src[0], dst[0], 17, udp_datagram(src[0], dst[0], src[1], dst[1], payload)))


def dns_message(id_, flags, rcode, name, qtype=33):
    """A DNS message with one question (IN, SRV by default) and nothing else: flags 0x01 a query (RD),
    0x81 a response; rcode in the low bits of the fourth byte."""
    labels = b"".join(bytes([len(part)]) + part.encode() for part in name.split(".")) + b"\0"
    return (id_.to_bytes(2, "big") + bytes([flags, rcode]) + b"\0\1\0\0\0\0\0\0" + labels +
            qtype.to_bytes(2, "big") + b"\0\1")


def ber_length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def ber(tag, content):
    """A BER TLV with a one-byte tag and a definite length."""
    return bytes([tag]) + ber_length(len(content)) + content


def ber_int(value):
    """A BER INTEGER in the fewest two's-complement bytes."""
    raw = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return ber(0x02, raw)


def tpkt(payload):
    return struct.pack("!BBH", 3, 0, 4 + len(payload)) + payload
