#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a large, reproducible benchmark capture for tests/bench/run-bench.sh.

    python3 tests/bench/make-bench-capture.py --frames 1000000 --seed 1 --out bench.pcap

The capture holds --frames frames, or up to two more (a TCP handshake or close
is written at once). It stops as a real capture would, with the sessions of the
moment open. The same seed and frame count give a byte-identical file: the only
source of randomness is random.Random(seed), and timestamps come from
testdata/pcapgen.py's clock (one millisecond per frame).

Traffic is made of many concurrent sessions, interleaved frame by frame: a
fixed number of session slots run at once, each step advances one randomly
chosen slot by one frame (handshakes and closes by three), and a finished
session is replaced by a new one of the slot's kind. The share of frames of a
kind is therefore about its share of slots:

  * every Exchange port of fields/roles.tsv (checked at start-up): LDAP with
    valid BER messages on 389/379/390/3268, TLS-looking records on the SSL
    ports, IMAP/POP3/NNTP/HTTP/IRC text dialogues, long Exchange SMTP sessions
    on 25 with mail and X-LINK2STATE link-state transfers, X-LSA-2 on 691,
    valid DNS over UDP and TCP 53, CLDAP on UDP 389, opaque bytes elsewhere;
  * unrelated traffic (about 45 % of the frames) on non-Exchange ports: TCP 8080,
    22, 5432, 3306 and high ports, UDP 5060, 123 and high ports, random payloads.

--mix other writes the unrelated traffic alone (no Exchange port), --mix smtp
ordinary mail sessions on 25 alone (no Exchange keyword, link state or
XEXCH50): what the plugin costs on traffic it has nothing to find in.

A summary (frames per port class) goes to stderr.
"""
import argparse
import os
import struct
import sys
import time
from collections import Counter
from random import Random

sys.dont_write_bytecode = True     # leave no __pycache__ in tests/, testdata/, fields/
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_DIR, "testdata"))
sys.path.insert(0, os.path.join(SOURCE_DIR, "fields"))
from pcapgen import Pcap, TcpSession, UdpFlow, ber, ber_int  # noqa: E402
import roles as roles_tsv  # noqa: E402

MSS = 1400
LSA_MAX_LINE = 1024          # KB 812455: a link-state line, CRLF included
DOMAIN = "example.test"
ORG_DN = "DC=example,DC=test"

# --- addresses ---------------------------------------------------------------
EXCHANGE_V4 = [f"10.1.0.{i}" for i in range(10, 20)]
DC_V4 = [f"10.1.0.{i}" for i in range(20, 24)]
EXCHANGE_V6 = [f"2001:db8:1::{i:x}" for i in range(0x10, 0x14)]
DC_V6 = [f"2001:db8:1::{i:x}" for i in range(0x20, 0x22)]
CLIENTS_V4 = [f"10.2.{i // 250}.{i % 250 + 1}" for i in range(500)]
CLIENTS_V6 = [f"2001:db8:2::{i:x}" for i in range(1, 41)]
OTHER_V4 = [f"10.3.{i // 250}.{i % 250 + 1}" for i in range(400)]
IPV6_SHARE = 0.1


def crlf(*lines):
    return b"".join(line.encode("latin-1") + b"\r\n" for line in lines)


def packed(lines, limit=MSS):
    """CRLF lines joined into segments of at most `limit` bytes, never splitting a line
    (a longer line gets a segment of its own)."""
    segments, cur = [], b""
    for line in lines:
        data = line.encode("latin-1") + b"\r\n"
        if cur and len(cur) + len(data) > limit:
            segments.append(cur)
            cur = b""
        cur += data
    if cur:
        segments.append(cur)
    return segments


def split(data, size=MSS):
    return [data[i:i + size] for i in range(0, len(data), size)] or [b""]


class Gen:
    """Shared state: the random generator, address allocation and precomputed templates."""

    def __init__(self, seed):
        self.rng = Random(seed)
        rng = self.rng
        self.noise = rng.randbytes(1 << 20)          # random payloads are slices of this
        self.next_port = {}
        self.words = ("routing group connector bridgehead server mailbox store public folder "
                      "address list recipient policy offline schedule replication calendar "
                      "meeting report budget quarterly review project status update draft "
                      "invoice contract customer please find attached regards thanks").split()
        self.users = [f"user{i:04d}" for i in range(400)]
        self.guids = [rng.randbytes(16).hex() for _ in range(96)]
        self.org_guid = rng.randbytes(16).hex()
        self.ldap_scripts = [self._ldap_script(k) for k in range(48)]
        self.gc_scripts = [self._ldap_script(k, gc=True) for k in range(48)]
        self.lsa_blobs = [self._lsa_blob() for _ in range(48)]
        self.dns = [self._dns_pair(name, qtype) for name, qtype in self._dns_names()]
        self.cldap = self._cldap_pair()

    # --- small helpers ---
    def random_bytes(self, n, first_min=0):
        off = self.rng.randrange(len(self.noise) - n)
        data = self.noise[off:off + n]
        if first_min and data and data[0] < first_min:
            data = bytes([first_min + data[0] % (256 - first_min)]) + data[1:]
        return data

    def client_end(self, v6=False, pool=None):
        """A client address and a fresh ephemeral port (no 4-tuple reuse)."""
        pool = pool or (CLIENTS_V6 if v6 else CLIENTS_V4)
        addr = pool[self.rng.randrange(len(pool))]
        port = self.next_port.get(addr, 49152 + self.rng.randrange(8192))
        self.next_port[addr] = 49152 + (port - 49152 + 1) % 16384
        return addr, port

    def isn(self):
        return self.rng.getrandbits(32)

    def sentence(self, lo=4, hi=14):
        rng, words = self.rng, self.words
        return " ".join(words[rng.randrange(len(words))] for _ in range(rng.randint(lo, hi)))

    def user(self):
        return self.users[self.rng.randrange(len(self.users))]

    # --- LDAP (BER) ---
    @staticmethod
    def _ldap(msgid, op):
        return ber(0x30, ber_int(msgid) + op)

    def _ldap_script(self, k, gc=False):
        """(who, segment) steps of one LDAP connection: simple bind, searches, unbind."""
        rng = self.rng
        name = f"CN=svc-exch{k},CN=Users,{ORG_DN}".encode()
        steps = [("c", self._ldap(1, ber(0x60, ber_int(3) + ber(0x04, name) + ber(0x80, b"Secret%d!" % k)))),
                 ("s", self._ldap(1, ber(0x61, ber(0x0A, b"\x00") + ber(0x04, b"") + ber(0x04, b""))))]
        msgid = 2
        for _ in range(rng.randint(1, 4)):
            user = self.user().encode()
            if gc:
                filt = ber(0xA3, ber(0x04, b"proxyAddresses") + ber(0x04, b"smtp:" + user + b"@" + DOMAIN.encode()))
                attrs = [b"mail", b"legacyExchangeDN", b"homeMDB", b"msExchHomeServerName"]
            else:
                filt = ber(0xA0, ber(0xA3, ber(0x04, b"objectClass") + ber(0x04, b"user")) +
                           ber(0xA3, ber(0x04, b"sAMAccountName") + ber(0x04, user)))
                attrs = [b"cn", b"mail", b"memberOf", b"objectGUID"]
            search = ber(0x63, ber(0x04, ORG_DN.encode()) + ber(0x0A, b"\x02") + ber(0x0A, b"\x00") +
                         ber_int(0) + ber_int(120) + ber(0x01, b"\x00") + filt +
                         ber(0x30, b"".join(ber(0x04, a) for a in attrs)))
            steps.append(("c", self._ldap(msgid, search)))
            entries = b""
            for e in range(rng.randint(0, 5)):
                dn = f"CN={user.decode()}{e},OU=Staff,{ORG_DN}".encode()
                vals = [(a, [user + b"-" + a + b"-%d" % v for v in range(rng.randint(1, 3))]) for a in attrs]
                pal = b"".join(ber(0x30, ber(0x04, a) + ber(0x31, b"".join(ber(0x04, v) for v in vs)))
                               for a, vs in vals)
                entries += self._ldap(msgid, ber(0x64, ber(0x04, dn) + ber(0x30, pal)))
            done = self._ldap(msgid, ber(0x65, ber(0x0A, b"\x00") + ber(0x04, b"") + ber(0x04, b"")))
            for seg in split(entries + done):
                steps.append(("s", seg))
            msgid += 1
        steps.append(("c", self._ldap(msgid, b"\x42\x00")))
        return steps

    def _cldap_pair(self):
        filt = ber(0xA0, ber(0xA3, ber(0x04, b"DnsDomain") + ber(0x04, DOMAIN.encode())) +
                   ber(0xA3, ber(0x04, b"NtVer") + ber(0x04, b"\x06\x00\x00\x00")))
        search = ber(0x63, ber(0x04, b"") + ber(0x0A, b"\x00") + ber(0x0A, b"\x00") + ber_int(0) +
                     ber_int(0) + ber(0x01, b"\x00") + filt + ber(0x30, ber(0x04, b"Netlogon")))
        entry = ber(0x64, ber(0x04, b"") + ber(0x30, ber(0x30, ber(0x04, b"Netlogon") +
                                                          ber(0x31, ber(0x04, b"\x17\x00\x00\x00" +
                                                                        bytes.fromhex(self.org_guid))))))
        done = ber(0x65, ber(0x0A, b"\x00") + ber(0x04, b"") + ber(0x04, b""))
        return self._ldap(1, search), self._ldap(1, entry) + self._ldap(1, done)

    # --- DNS ---
    @staticmethod
    def _dns_names():
        names = [(f"_ldap._tcp.dc._msdcs.{DOMAIN}", 33), (f"_gc._tcp.{DOMAIN}", 33),
                 (f"_kerberos._tcp.{DOMAIN}", 33), (DOMAIN, 15)]
        names += [(f"ex{i}.{DOMAIN}", 1) for i in range(10)] + [(f"dc{i}.{DOMAIN}", 1) for i in range(4)]
        names += [(f"ex{i}.{DOMAIN}", 28) for i in range(4)]
        return names

    def _dns_pair(self, name, qtype):
        """A DNS query and its answer, without the 2-byte ID (filled in per use)."""
        qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00"
        question = qname + struct.pack("!HH", qtype, 1)
        answers = []
        for i in range(1 if qtype in (1, 28) else 2):
            if qtype == 1:
                rdata = bytes([10, 1, 0, 10 + i])
            elif qtype == 28:
                rdata = bytes.fromhex("20010db8000100000000000000000010")
            elif qtype == 15:
                rdata = struct.pack("!H", 10 * (i + 1)) + b"\x03ex" + str(i).encode() + b"\xc0\x0c"
            else:
                rdata = struct.pack("!HHH", 0, 100, 389 if "ldap" in name else 3268 if "gc" in name else 88) + \
                    b"\x03dc" + str(i).encode() + bytes([len(DOMAIN.split(".")[0])]) + \
                    DOMAIN.split(".")[0].encode() + b"\x04test\x00"
            answers.append(b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 600, len(rdata)) + rdata)
        query = struct.pack("!HHHHH", 0x0100, 1, 0, 0, 0) + question
        reply = struct.pack("!HHHHH", 0x8580, 1, len(answers), 0, 0) + question + b"".join(answers)
        return query, reply

    def dns_message_pair(self):
        query, reply = self.dns[self.rng.randrange(len(self.dns))]
        ident = struct.pack("!H", self.rng.getrandbits(16))
        return ident + query, ident + reply

    # --- link state ---
    def _lsa_blob(self):
        """OrgInfo-like link-state text: two GUIDs, then nested groups of GUIDs, words, numbers."""
        rng, g = self.rng, self.guids
        parts = [self.org_guid, rng.randbytes(16).hex(), "("]
        for _ in range(rng.randint(2, 40)):
            rg = g[rng.randrange(len(g))]
            conns = " ".join(f"(CONN (rgc-{self.words[rng.randrange(len(self.words))]}-{rng.randrange(100)} "
                             f"{rng.randrange(1, 20)}) ({'UP' if rng.random() < 0.9 else 'DOWN'}) "
                             f"{g[rng.randrange(len(g))]})" for _ in range(rng.randint(1, 4)))
            parts.append(f"({rg} (MULTI ({rng.randrange(1, 9)}) ({rng.randrange(10)} {rng.randrange(100)} 0)) "
                         f"{conns} (ADDR (SMTP *.{self.words[rng.randrange(len(self.words))]}.{DOMAIN} "
                         f"{rng.randrange(1, 100)})))")
        parts.append(")")
        return " ".join(parts)

    def lsa_chunks(self, verb):
        """The lines of one link-state transfer: FIRST, NEXT..., LAST, each <= 1024 bytes with CRLF."""
        rng = self.rng
        blob = self.lsa_blobs[rng.randrange(len(self.lsa_blobs))]
        room = LSA_MAX_LINE - 2 - len(f"{verb} FIRST CHUNK={{00000000}} ")
        pieces, pos = [], 0
        while pos < len(blob):
            take = rng.randint(room // 3, room)
            pieces.append(blob[pos:pos + take])
            pos += take
        if len(pieces) == 1:   # a transfer has at least a FIRST and a LAST
            half = len(pieces[0]) // 2
            pieces = [pieces[0][:half], pieces[0][half:]]
        lines = []
        for i, data in enumerate(pieces):
            marker = "FIRST" if i == 0 else "LAST" if i == len(pieces) - 1 else "NEXT"
            lines.append(f"{verb} {marker} CHUNK={{{len(data):08x}}} {data}")
        return lines


# --- sessions -----------------------------------------------------------------
# A session is a generator over one flow: each next() writes one step (one
# frame; a handshake or a close writes three).

def tcp_run(g, pcap, client, server, steps, close=True):
    """Runs (who, payload) steps over a new TCP connection; who is "c" or "s".
    A full-sized segment is followed by a bare ACK half of the time."""
    s = TcpSession(pcap, client, server, g.isn(), g.isn())
    s.handshake()
    yield
    rng = g.rng
    for who, data in steps:
        if who == "c":
            s.client(data)
        else:
            s.server(data)
        yield
        if len(data) >= MSS and rng.random() < 0.5:
            s.ack("s" if who == "c" else "c")    # a delayed ACK for bulk data
            yield
    if close:
        s.close()
    else:
        s.reset(rng.choice("cs"))
    yield


def server_for(g, port, v6):
    rng = g.rng
    if port in (389, 379, 390, 3268, 636, 3269, 53):
        pool = DC_V6 if v6 else DC_V4
    else:
        pool = EXCHANGE_V6 if v6 else EXCHANGE_V4
    return pool[rng.randrange(len(pool))], port


def ends(g, port):
    v6 = g.rng.random() < IPV6_SHARE
    return g.client_end(v6), server_for(g, port, v6)


def exchange_pair(g, port):
    """Two different Exchange servers: the sending one and the one listening on port."""
    server = server_for(g, port, False)
    client = g.client_end(pool=[a for a in EXCHANGE_V4 if a != server[0]])
    return client, server


def ldap_session(g, pcap, port):
    scripts = g.gc_scripts if port == 3268 else g.ldap_scripts
    client, server = ends(g, port)
    return tcp_run(g, pcap, client, server, scripts[g.rng.randrange(len(scripts))])


def tls_session(g, pcap, port):
    rng = g.rng
    client, server = ends(g, port)
    hello = (struct.pack("!H", 0x0303) + rng.randbytes(32) + b"\x00" + struct.pack("!H", 4) +
             b"\xc0\x2f\xc0\x30" + b"\x01\x00")
    client_hello = b"\x16\x03\x01" + struct.pack("!H", len(hello) + 4) + b"\x01" + \
        len(hello).to_bytes(3, "big") + hello
    shello = struct.pack("!H", 0x0303) + rng.randbytes(32) + b"\x00" + b"\xc0\x2f" + b"\x00"
    server_hello = b"\x16\x03\x03" + struct.pack("!H", len(shello) + 4) + b"\x02" + \
        len(shello).to_bytes(3, "big") + shello
    ccs = b"\x14\x03\x03\x00\x01\x01"
    steps = [("c", client_hello), ("s", server_hello + ccs), ("c", ccs)]
    for _ in range(rng.randint(2, 24)):
        who = "c" if rng.random() < 0.4 else "s"
        n = rng.randrange(24, MSS - 5) if who == "s" else rng.randrange(24, 600)
        steps.append((who, b"\x17\x03\x03" + struct.pack("!H", n) + g.random_bytes(n)))
    return tcp_run(g, pcap, client, server, steps)


def imap_session(g, pcap, port):
    rng = g.rng
    client, server = ends(g, port)
    user = g.user()
    n = rng.randint(1, 40)
    steps = [("s", crlf("* OK Microsoft Exchange Server 2003 IMAP4rev1 server version 6.5.7638.1 "
                        f"(ex1.{DOMAIN}) ready.")),
             ("c", crlf(f"a001 LOGIN {user} \"pw{rng.randrange(10000)}\"")),
             ("s", crlf("a001 OK LOGIN completed.")),
             ("c", crlf("a002 SELECT INBOX")),
             ("s", crlf(f"* {n} EXISTS", "* 0 RECENT", "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)",
                        f"* OK [UIDVALIDITY {rng.randrange(1, 99999)}] UIDVALIDITY value.",
                        "a002 OK [READ-WRITE] SELECT completed."))]
    tag = 3
    for _ in range(rng.randint(1, 5)):
        first = rng.randint(1, n)
        last = min(n, first + rng.randint(0, 12))
        steps.append(("c", crlf(f"a{tag:03d} FETCH {first}:{last} (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)")))
        lines = [f"* {i} FETCH (FLAGS (\\Seen) INTERNALDATE \"01-Jan-2026 00:{i % 60:02d}:00 +0000\" "
                 f"RFC822.SIZE {rng.randrange(900, 90000)} ENVELOPE (\"Thu, 1 Jan 2026 00:00:00 +0000\" "
                 f"\"{g.sentence(2, 6)}\" ((\"{g.user()}\" NIL \"{g.user()}\" \"{DOMAIN}\")) NIL NIL NIL NIL NIL NIL "
                 f"\"<{rng.getrandbits(48):x}@ex1.{DOMAIN}>\"))" for i in range(first, last + 1)]
        lines.append(f"a{tag:03d} OK FETCH completed.")
        steps += [("s", seg) for seg in packed(lines)]
        tag += 1
    steps += [("c", crlf(f"a{tag:03d} LOGOUT")),
              ("s", crlf("* BYE Microsoft Exchange Server 2003 IMAP4rev1 server version 6.5.7638.1 signing off",
                         f"a{tag:03d} OK LOGOUT completed."))]
    return tcp_run(g, pcap, client, server, steps)


def message_lines(g, lines_lo=5, lines_hi=60):
    rng = g.rng
    head = [f"From: {g.user()}@{DOMAIN}", f"To: {g.user()}@{DOMAIN}",
            f"Subject: {g.sentence(2, 7)}", "Date: Thu, 1 Jan 2026 00:00:00 +0000",
            f"Message-ID: <{rng.getrandbits(64):x}@ex1.{DOMAIN}>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=\"us-ascii\"", "X-MimeOLE: Produced By Microsoft Exchange V6.5", ""]
    body = [g.sentence(3, 14) for _ in range(rng.randint(lines_lo, lines_hi))]
    return head + body


def pop3_session(g, pcap, port):
    rng = g.rng
    client, server = ends(g, port)
    n = rng.randint(1, 8)
    sizes = [rng.randrange(900, 20000) for _ in range(n)]
    steps = [("s", crlf(f"+OK Microsoft Exchange Server 2003 POP3 server version 6.5.7638.1 (ex1.{DOMAIN}) ready.")),
             ("c", crlf(f"USER {g.user()}")), ("s", crlf("+OK")),
             ("c", crlf(f"PASS pw{rng.randrange(10000)}")), ("s", crlf("+OK User successfully logged on.")),
             ("c", crlf("STAT")), ("s", crlf(f"+OK {n} {sum(sizes)}")),
             ("c", crlf("LIST")), ("s", crlf("+OK", *[f"{i + 1} {s}" for i, s in enumerate(sizes)], "."))]
    for i in range(rng.randint(1, n)):
        steps.append(("c", crlf(f"RETR {i + 1}")))
        lines = [f"+OK {sizes[i]} octets"] + message_lines(g) + ["."]
        steps += [("s", seg) for seg in packed(lines)]
        steps += [("c", crlf(f"DELE {i + 1}")), ("s", crlf("+OK"))]
    steps += [("c", crlf("QUIT")), ("s", crlf("+OK Microsoft Exchange Server 2003 POP3 server signing off."))]
    return tcp_run(g, pcap, client, server, steps)


def nntp_session(g, pcap, port):
    rng = g.rng
    client, server = ends(g, port)
    group = f"public.{g.words[rng.randrange(len(g.words))]}.{g.words[rng.randrange(len(g.words))]}"
    low = rng.randrange(1, 500)
    high = low + rng.randrange(5, 200)
    steps = [("s", crlf(f"200 NNTP Service 6.0.3790.3959 Version: 6.0.3790.3959 Posting Allowed")),
             ("c", crlf("MODE READER")), ("s", crlf("200 Posting allowed")),
             ("c", crlf(f"GROUP {group}")), ("s", crlf(f"211 {high - low + 1} {low} {high} {group}"))]
    first = rng.randint(low, high)
    last = min(high, first + rng.randint(0, 20))
    steps.append(("c", crlf(f"XOVER {first}-{last}")))
    over = ["224 Overview information follows"] + [
        f"{a}\t{g.sentence(2, 6)}\t{g.user()}@{DOMAIN}\tThu, 1 Jan 2026 00:00:00 GMT\t"
        f"<{rng.getrandbits(48):x}@ex1.{DOMAIN}>\t\t{rng.randrange(500, 9000)}\t{rng.randrange(5, 200)}"
        for a in range(first, last + 1)] + ["."]
    steps += [("s", seg) for seg in packed(over)]
    for a in range(first, min(last, first + rng.randint(0, 3)) + 1):
        steps.append(("c", crlf(f"ARTICLE {a}")))
        lines = [f"220 {a} <{rng.getrandbits(48):x}@ex1.{DOMAIN}> article"] + message_lines(g, 3, 30) + ["."]
        steps += [("s", seg) for seg in packed(lines)]
    steps += [("c", crlf("QUIT")), ("s", crlf("205 closing connection - goodbye!"))]
    return tcp_run(g, pcap, client, server, steps)


def http_session(g, pcap, port):
    """Outlook Web Access: a keep-alive connection with a few GET/POST requests."""
    rng = g.rng
    client, server = ends(g, port)
    user = g.user()
    steps = []
    for _ in range(rng.randint(1, 6)):
        path = rng.choice([f"/exchange/{user}/Inbox/?Cmd=contents", f"/exchange/{user}/Calendar/?Cmd=contents",
                           f"/exchweb/img/{g.words[rng.randrange(len(g.words))]}.gif", f"/exchange/{user}/",
                           f"/exchweb/bin/auth/owaauth.dll"])
        method = "POST" if path.endswith(".dll") else "GET"
        body = f"destination=https%3A%2F%2Fex1.{DOMAIN}%2Fexchange&username={user}&password=x" \
            if method == "POST" else ""
        req = [f"{method} {path} HTTP/1.1", "Accept: */*", "Accept-Language: en-us",
               "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)", f"Host: ex1.{DOMAIN}",
               "Connection: Keep-Alive", f"Cookie: sessionid={rng.getrandbits(64):x}"]
        if body:
            req += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        steps.append(("c", crlf(*req, "") + body.encode()))
        html = "<html><head><title>Microsoft Outlook Web Access</title></head><body>" + "".join(
            f"<tr><td>{g.user()}</td><td>{g.sentence(2, 8)}</td><td>{rng.randrange(1, 99)} KB</td></tr>"
            for _ in range(rng.randint(1, 60))) + "</body></html>"
        resp = crlf("HTTP/1.1 200 OK", "Server: Microsoft-IIS/6.0", "X-Powered-By: ASP.NET",
                    "Content-Type: text/html; charset=utf-8", f"Content-Length: {len(html)}",
                    "Cache-Control: no-cache", "") + html.encode()
        steps += [("s", seg) for seg in split(resp)]
    return tcp_run(g, pcap, client, server, steps)


def irc_session(g, pcap, port):
    rng = g.rng
    client, server = ends(g, port)
    nick = g.user()
    chan = f"#{g.words[rng.randrange(len(g.words))]}"
    host = f"chat.{DOMAIN}"
    steps = [("c", crlf("IRCX", f"NICK {nick}", f"USER {nick} 0 * :{nick} at {DOMAIN}")),
             ("s", crlf(f":{host} 800 * 1 0 ANON,NTLM 512 *",
                        f":{host} 001 {nick} :Welcome to the Microsoft Exchange Chat Service, {nick}",
                        f":{host} 002 {nick} :Your host is {host}, running version 6.0.3790",
                        f":{host} 003 {nick} :This server was created Thu Jan 1 2026",
                        f":{host} 004 {nick} {host} 6.0.3790 aioxz abcdefhiklmnoprstuvxyz")),
             ("c", crlf(f"JOIN {chan}")),
             ("s", crlf(f":{nick}!~{nick}@{client[0]} JOIN :{chan}",
                        f":{host} 353 {nick} = {chan} :@{g.user()} {g.user()} {nick}",
                        f":{host} 366 {nick} {chan} :End of /NAMES list."))]
    for _ in range(rng.randint(2, 30)):
        r = rng.random()
        if r < 0.4:
            steps.append(("c", crlf(f"PRIVMSG {chan} :{g.sentence()}")))
        elif r < 0.9:
            other = g.user()
            steps.append(("s", crlf(f":{other}!~{other}@10.2.0.{rng.randrange(1, 250)} PRIVMSG {chan} :{g.sentence()}")))
        else:
            token = rng.getrandbits(32)
            steps += [("s", crlf(f"PING :{token}")), ("c", crlf(f"PONG :{token}"))]
    steps += [("c", crlf("QUIT :Leaving")), ("s", crlf(f"ERROR :Closing Link: {nick}[{client[0]}] (Quit: Leaving)"))]
    return tcp_run(g, pcap, client, server, steps)


EXCHANGE_EHLO = ["250-TURN", "250-SIZE", "250-ETRN", "250-PIPELINING", "250-DSN", "250-ENHANCEDSTATUSCODES",
                 "250-8bitmime", "250-BINARYMIME", "250-CHUNKING", "250-VRFY", "250-X-EXPS GSSAPI NTLM LOGIN",
                 "250-X-EXPS=LOGIN", "250-AUTH GSSAPI NTLM LOGIN", "250-AUTH=LOGIN", "250-X-LINK2STATE",
                 "250-XEXCH50", "250 OK"]
PLAIN_EHLO = ["250-PIPELINING", "250-SIZE 10240000", "250-ETRN", "250-STARTTLS", "250-ENHANCEDSTATUSCODES",
              "250-8BITMIME", "250-DSN", "250 SMTPUTF8"]


def smtp_session(g, pcap, port, exchange=True):
    """A long bridgehead-to-bridgehead session: EHLO, link-state transfers and mail;
    without exchange, ordinary mail: no Exchange keywords, link state or XEXCH50."""
    rng = g.rng
    client, server = exchange_pair(g, port)
    steps = [("s", crlf(f"220 ex{server[0].rsplit('.', 1)[1]}.{DOMAIN} Microsoft ESMTP MAIL Service, "
                        "Version: 6.0.3790.4675 ready at  Thu, 1 Jan 2026 00:00:00 +0000")),
             ("c", crlf(f"EHLO ex{client[0].rsplit('.', 1)[1]}.{DOMAIN}")),
             ("s", crlf(f"250-ex{server[0].rsplit('.', 1)[1]}.{DOMAIN} Hello [{client[0]}]",
                        *(EXCHANGE_EHLO if exchange else PLAIN_EHLO)))]
    for _ in range(rng.randint(2, 10)):
        if exchange and rng.random() < 0.35:
            for line in g.lsa_chunks("X-LINK2STATE"):
                steps += [("c", crlf(line)), ("s", crlf("250 2.0.0 OK"))]
            continue
        sender = g.user()
        steps += [("c", crlf(f"MAIL FROM:<{sender}@{DOMAIN}> SIZE={rng.randrange(1000, 90000)}")),
                  ("s", crlf(f"250 2.1.0 {sender}@{DOMAIN}....Sender OK"))]
        for _ in range(rng.randint(1, 4)):
            rcpt = g.user()
            steps += [("c", crlf(f"RCPT TO:<{rcpt}@{DOMAIN}>")), ("s", crlf(f"250 2.1.5 {rcpt}@{DOMAIN} "))]
        if exchange and rng.random() < 0.5:
            n = rng.randrange(20, 400)
            steps += [("c", crlf(f"XEXCH50 {n} 2")), ("s", crlf("354 Send binary data")),
                      ("c", g.random_bytes(n)), ("s", crlf("250 2.0.0 XEXCH50 OK"))]
        steps += [("c", crlf("DATA")), ("s", crlf("354 Start mail input; end with <CRLF>.<CRLF>"))]
        steps += [("c", seg) for seg in packed(message_lines(g, 10, 200) + ["."])]
        steps.append(("s", crlf(f"250 2.6.0 <{rng.getrandbits(64):x}@ex1.{DOMAIN}> Queued mail for delivery")))
    steps += [("c", crlf("QUIT")), ("s", crlf(f"221 2.0.0 ex1.{DOMAIN} Service closing transmission channel"))]
    return tcp_run(g, pcap, client, server, steps)


def plain_smtp_session(g, pcap, port):
    return smtp_session(g, pcap, port, exchange=False)


def lsa_session(g, pcap, port):
    """The routing engine on 691: an SMTP-like X-LSA-2 dialogue with transfers."""
    rng = g.rng
    client, server = exchange_pair(g, port)
    steps = [("s", crlf(f"220 ex1.{DOMAIN} Microsoft ESMTP MAIL Service, Version: 6.0.3790.4675 ready")),
             ("c", crlf(f"EHLO ex2.{DOMAIN}")),
             ("s", crlf(f"250-ex1.{DOMAIN} Hello [{client[0]}]", "250-X-LSA-2", "250 OK"))]
    for _ in range(rng.randint(1, 4)):
        for line in g.lsa_chunks("X-LSA-2"):
            steps += [("c", crlf(line)), ("s", crlf("250 2.0.0 OK"))]
    steps += [("c", crlf("QUIT")), ("s", crlf("221 2.0.0 closing"))]
    return tcp_run(g, pcap, client, server, steps)


def dns_tcp_session(g, pcap, port):
    client, server = ends(g, port)
    steps = []
    for _ in range(g.rng.randint(1, 5)):
        q, a = g.dns_message_pair()
        steps += [("c", struct.pack("!H", len(q)) + q), ("s", struct.pack("!H", len(a)) + a)]
    return tcp_run(g, pcap, client, server, steps)


def opaque_session(g, pcap, port):
    """Ports whose payload is not built here: random bytes whose first byte is not
    a TPKT (3) or DCE/RPC (5) version, so no stock dissector takes them."""
    rng = g.rng
    client, server = ends(g, port)
    steps = [("c" if rng.random() < 0.5 else "s", g.random_bytes(rng.randrange(8, MSS), first_min=0x10))
             for _ in range(rng.randint(2, 20))]
    return tcp_run(g, pcap, client, server, steps)


def dns_udp_session(g, pcap, port):
    v6 = g.rng.random() < IPV6_SHARE
    flow = UdpFlow(pcap, g.client_end(v6), server_for(g, port, v6))
    q, a = g.dns_message_pair()
    flow.client(q)
    yield
    flow.server(a)
    yield


def cldap_session(g, pcap, port):
    flow = UdpFlow(pcap, g.client_end(), server_for(g, port, False))
    flow.client(g.cldap[0])
    yield
    flow.server(g.cldap[1])
    yield


# --- unrelated traffic ----------------------------------------------------------

def other_tcp_session(g, pcap, port):
    """A TCP connection on a non-Exchange port with random payloads: chatty, or a bulk transfer."""
    rng = g.rng
    if port == 0:
        port = rng.randrange(10000, 40000)
    client = g.client_end(pool=OTHER_V4)
    server = (OTHER_V4[rng.randrange(len(OTHER_V4))], port)
    if rng.random() < 0.3:
        who = rng.choice("cs")     # tcp_run acknowledges full-sized segments
        steps = [(who, g.random_bytes(MSS)) for _ in range(rng.randint(10, 120))]
    else:
        steps = [("c" if i % 2 == 0 else "s", g.random_bytes(rng.randrange(16, MSS)))
                 for i in range(rng.randint(2, 30))]
    return tcp_run(g, pcap, client, server, steps, close=rng.random() < 0.9)


def other_udp_session(g, pcap, port):
    rng = g.rng
    if port == 0:
        port = rng.randrange(20000, 40000)
    flow = UdpFlow(pcap, g.client_end(pool=OTHER_V4), (OTHER_V4[rng.randrange(len(OTHER_V4))], port))
    for _ in range(rng.randint(1, 6)):
        flow.client(g.random_bytes(48 if port == 123 else rng.randrange(20, 1200)))
        yield
        flow.server(g.random_bytes(48 if port == 123 else rng.randrange(20, 1200)))
        yield


# (transport, port) -> (session factory, slots). Slots set the frame share.
EXCHANGE = {
    ("tcp", 389): (ldap_session, 3), ("tcp", 379): (ldap_session, 1), ("tcp", 390): (ldap_session, 1),
    ("tcp", 3268): (ldap_session, 3),
    ("tcp", 636): (tls_session, 1), ("tcp", 3269): (tls_session, 1), ("tcp", 993): (tls_session, 1),
    ("tcp", 995): (tls_session, 1), ("tcp", 563): (tls_session, 1), ("tcp", 443): (tls_session, 3),
    ("tcp", 465): (tls_session, 1), ("tcp", 994): (tls_session, 1),
    ("tcp", 143): (imap_session, 2), ("tcp", 110): (pop3_session, 1), ("tcp", 119): (nntp_session, 1),
    ("tcp", 80): (http_session, 3), ("tcp", 6667): (irc_session, 1), ("tcp", 7000): (irc_session, 1),
    ("tcp", 25): (smtp_session, 8), ("tcp", 691): (lsa_session, 2),
    ("tcp", 102): (opaque_session, 1), ("tcp", 135): (opaque_session, 2), ("tcp", 1503): (opaque_session, 1),
    ("tcp", 522): (opaque_session, 1), ("tcp", 1720): (opaque_session, 1), ("tcp", 1731): (opaque_session, 1),
    ("tcp", 53): (dns_tcp_session, 1),
    ("udp", 53): (dns_udp_session, 3), ("udp", 389): (cldap_session, 1),
}
# Port 0: a random high port per session.
OTHER = {
    ("tcp", 8080): (other_tcp_session, 6), ("tcp", 22): (other_tcp_session, 6),
    ("tcp", 5432): (other_tcp_session, 5), ("tcp", 3306): (other_tcp_session, 5),
    ("tcp", 0): (other_tcp_session, 8),
    ("udp", 5060): (other_udp_session, 4), ("udp", 123): (other_udp_session, 4), ("udp", 0): (other_udp_session, 6),
}
# --mix: which traffic the capture holds.
MIXES = {
    "all": (EXCHANGE, OTHER),
    "other": (OTHER,),                                     # no Exchange port at all
    "smtp": ({("tcp", 25): (plain_smtp_session, 8)},),     # ordinary mail on 25 only
}


def check_role_ports():
    """Every port-matched row of fields/roles.tsv must have traffic here."""
    rows = roles_tsv.read_rows(os.path.join(SOURCE_DIR, "fields", "roles.tsv"))
    wanted = {(r["transport"], int(r["port"])) for r in rows if r["match"] == "port"}
    missing = wanted - set(EXCHANGE)
    if missing:
        raise SystemExit(f"no generator for Exchange ports {sorted(missing)}: update {__file__}")
    return wanted


def class_name(key, factory):
    transport, port = key
    if key in EXCHANGE:
        return f"exchange {transport}/{port} ({factory.__name__.replace('_session', '')})"
    return f"other    {transport}/{port if port else 'high'}"


def generate(frames, seed, out, mix="all"):
    check_role_ports()
    g = Gen(seed)
    rng = g.rng
    factories = {key: factory for table in MIXES[mix] for key, (factory, _) in table.items()}
    kinds = [key for table in MIXES[mix] for key, (_, n) in table.items() for _ in range(n)]
    counts = Counter()
    with Pcap(out) as pcap:
        def spawn(key):
            return factories[key](g, pcap, key[1])

        slots = [[key, spawn(key)] for key in kinds]
        while True:
            i = rng.randrange(len(slots))
            key, session = slots[i]
            before = pcap.ticks
            try:
                next(session)
            except StopIteration:
                slots[i][1] = spawn(key)
            counts[key] += pcap.ticks - before
            if pcap.ticks >= frames:     # the capture stops, as a real one would, mid-sessions
                break
        total = pcap.ticks
    return total, counts, factories


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frames", type=int, required=True, help="write at least this many frames")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mix", choices=sorted(MIXES), default="all",
                    help="all: the mixed capture (default); other: unrelated traffic only; "
                         "smtp: ordinary mail sessions on 25 only")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    total, counts, factories = generate(args.frames, args.seed, args.out, args.mix)
    took = time.perf_counter() - start
    exch = sum(n for k, n in counts.items() if k in EXCHANGE)
    err = sys.stderr
    print(f"{args.out}: {total} frames (seed {args.seed}, {os.path.getsize(args.out)} bytes, {took:.1f} s)", file=err)
    print(f"  Exchange ports: {exch} frames ({100 * exch / total:.1f}%), "
          f"other ports: {total - exch} frames ({100 * (total - exch) / total:.1f}%)", file=err)
    for key in sorted(counts, key=lambda k: (k not in EXCHANGE, k)):
        print(f"  {class_name(key, factories[key]):40s} {counts[key]:9d}  {100 * counts[key] / total:5.1f}%", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
