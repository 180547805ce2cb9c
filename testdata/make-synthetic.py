#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the synthetic captures in testdata/synthetic/.

Synthetic captures exist only where no Debian package can produce the traffic
(X.400 MTA, MS-RPC, ULS, T.120, H.323, audio, CLDAP) or where the point is bad
input. Each is built from published facts; testdata/README.md says which.

Addresses: clients 192.0.2.100-199, servers 192.0.2.10-99 (RFC 5737),
2001:db8::/32 for IPv6 (RFC 3849).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (ACK, SYN, Pcap, TcpSession, UdpFlow, ber, ber_int, ber_length,  # noqa: E402
                     ethernet, icmp_error, icmp_unreachable, ip_packet, tcp_segment, tpkt, udp_datagram)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "synthetic")
CLIENT = "192.0.2.100"
EXCHANGE = "192.0.2.10"
DC = "192.0.2.20"


def cotp_cr(calling, called):
    params = b"\xc0\x01\x0a" + bytes([0xC1, len(calling)]) + calling + bytes([0xC2, len(called)]) + called
    body = b"\xe0\x00\x00\x00\x01\x00" + params
    return tpkt(bytes([len(body)]) + body)


def cotp_cc(calling, called):
    params = b"\xc0\x01\x0a" + bytes([0xC1, len(calling)]) + calling + bytes([0xC2, len(called)]) + called
    body = b"\xd0\x00\x01\x00\x02\x00" + params
    return tpkt(bytes([len(body)]) + body)


def cotp_dt(payload):
    return tpkt(b"\x02\xf0\x80" + payload)


def x400(path):
    """RFC 1006: COTP connection, then an OSI session CONNECT / ACCEPT (X.225 SPDU
    codes 13 and 14) with no parameters, as an MTA association would start."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49200), (EXCHANGE, 102)).handshake()
        s.client(cotp_cr(b"MTA-A", b"MTA-B"))
        s.server(cotp_cc(b"MTA-A", b"MTA-B"))
        s.client(cotp_dt(b"\x0d\x00"))
        s.server(cotp_dt(b"\x0e\x00"))
        s.close()


def s7(path):
    """A Siemens S7 PLC on the same port 102: COTP with the rack/slot TSAPs S7
    uses, then an S7 'setup communication' job and its ack-data."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49201), ("192.0.2.30", 102)).handshake()
        s.client(cotp_cr(b"\x01\x00", b"\x01\x02"))
        s.server(cotp_cc(b"\x01\x00", b"\x01\x02"))
        s.client(cotp_dt(bytes.fromhex("32010000000000080000f0000001000101e0")))
        s.server(cotp_dt(bytes.fromhex("320300000000000800000000f0000001000100f0")))
        s.close()


def uuid_le(text):
    """A DCE UUID in NDR little-endian layout."""
    h = text.replace("-", "")
    b = bytes.fromhex(h)
    return b[3::-1] + b[5:3:-1] + b[7:5:-1] + b[8:]


EPM = uuid_le("e1af8308-5d1f-11c9-91a4-08002b14a0fa")
NDR = uuid_le("8a885d04-1ceb-11c9-9fe8-08002b104860")


def dcerpc(ptype, call_id, body):
    header = struct.pack("<BBBB4sHHI", 5, 0, ptype, 3, b"\x10\x00\x00\x00", 16 + len(body), 0, call_id)
    return header + body


def msrpc(path):
    """DCE/RPC bind to the endpoint mapper (EPM v3.0, NDR) on 135 and its bind_ack."""
    bind, ack = epm_bind()
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49210), (EXCHANGE, 135)).handshake()
        s.client(bind)
        s.server(ack)
        s.close()


MAPI = "a4f1db00-ca47-1067-b31f-00dd010662da"          # EMSMDB, named MAPI by Wireshark
NSPI = "f5cc5a18-4264-101a-8c59-08002b2f8426"
STORE_ADMIN1 = "a4f1db00-ca47-1067-b31e-00dd010662da"  # not named by Wireshark 4.0 (fields/rpc-interfaces.tsv)


def tower(interface, version, port, ip, ip_rhs_len=4):
    """An ncacn_ip_tcp protocol tower (C706 appendix L): interface, NDR, RPC CO, TCP port, IP address."""
    floors = [(b"\x0d" + uuid_le(interface) + struct.pack("<H", version), b"\x00\x00"),
              (b"\x0d" + NDR + struct.pack("<H", 2), b"\x00\x00"),
              (b"\x0b", b"\x00\x00"),
              (b"\x07", struct.pack(">H", port)),
              (b"\x09", bytes(int(x) for x in ip.split("."))[:ip_rhs_len])]
    return struct.pack("<H", len(floors)) + b"".join(
        struct.pack("<H", len(lhs)) + lhs + struct.pack("<H", len(rhs)) + rhs for lhs, rhs in floors)


def twr(octets):
    """A twr_t in NDR: length, conformant array of that many octets, padded to 4."""
    return struct.pack("<II", len(octets), len(octets)) + octets + b"\0" * (-len(octets) % 4)


def ept_map_request(call_id, interface, version):
    stub = struct.pack("<I", 1) + bytes(16) + struct.pack("<I", 2) + twr(tower(interface, version, 135, "0.0.0.0")) \
        + bytes(20) + struct.pack("<I", 4)
    return dcerpc(0, call_id, struct.pack("<IHH", len(stub), 0, 3) + stub)


def ept_map_response(call_id, towers):
    """ept_map's answer: entry handle, num_towers, the varying array of tower pointers, the towers, status."""
    n = len(towers)
    stub = bytes(20) + struct.pack("<IIII", n, n, 0, n) + b"".join(struct.pack("<I", 3 + i) for i in range(n)) \
        + b"".join(twr(t) for t in towers) + struct.pack("<I", 0)
    return dcerpc(2, call_id, struct.pack("<IHBB", len(stub), 0, 0, 0) + stub)


def epm_bind(interface=EPM, version=3, port=b"135\x00"):
    """A bind to an interface (the endpoint mapper by default) and its bind_ack."""
    bind = struct.pack("<HHIB3x", 5840, 5840, 0, 1) + struct.pack("<HBx", 0, 1) + \
        interface + struct.pack("<HH", version, 0) + NDR + struct.pack("<I", 2)
    ack = struct.pack("<HHIH", 5840, 5840, 0x1234, len(port)) + port + b"\x00\x00" + \
        struct.pack("<B3x", 1) + struct.pack("<HH", 0, 0) + NDR + struct.pack("<I", 2)
    return dcerpc(11, 1, bind), dcerpc(12, 1, ack)


def epm_learned(path):
    """The endpoint mapper on 135 hands out ports, and clients connect to them (frame numbers on the right):
    a good tower (MAPI on 192.0.2.10:49155), one with port 0, one on 0.0.0.0 (the mapper's own address,
    NSPI on 49156), one on 8080 (a port stock HTTP owns); a tower whose IP floor has 3 octets, and one
    naming another host (192.0.2.11:49158); the same endpoint 49155 again for another interface. Then connections to the learned ports, one to 49156
    that started before the announcement, and a client elsewhere that took 49155 as its source port."""
    bind, ack = epm_bind()
    with Pcap(path) as pcap:
        early = TcpSession(pcap, ("192.0.2.102", 49400), (EXCHANGE, 49156)).handshake()   # 1-3
        early.client(b"early bytes")                                                    # 4
        s = TcpSession(pcap, (CLIENT, 49300), (EXCHANGE, 135)).handshake()              # 5-7
        s.client(bind).server(ack)                                                      # 8, 9
        s.client(ept_map_request(2, MAPI, 0))                                           # 10
        s.server(ept_map_response(2, [tower(MAPI, 0, 49155, EXCHANGE), tower(MAPI, 0, 0, EXCHANGE),
                                      tower(NSPI, 56, 49156, "0.0.0.0"),
                                      tower(NSPI, 56, 8080, EXCHANGE)]))                 # 11
        s.client(ept_map_request(3, NSPI, 56))                                          # 12
        s.server(ept_map_response(3, [tower(NSPI, 56, 49157, EXCHANGE, ip_rhs_len=3),
                                      tower(NSPI, 56, 49158, "192.0.2.11")]))          # 13: odd floors; another host
        s.client(ept_map_request(4, STORE_ADMIN1, 1))                                   # 14
        s.server(ept_map_response(4, [tower(STORE_ADMIN1, 1, 49155, EXCHANGE)]))         # 15: again, another interface
        s.close()                                                                       # 16-18
        early.server(b"late bytes")                                                     # 19
        early.close()                                                                   # 20-22
        m = TcpSession(pcap, ("192.0.2.103", 49401), (EXCHANGE, 49155)).handshake()     # 23-25
        m.client(epm_bind(uuid_le(MAPI), 0, b"49155\x00")[0])                           # 26: a bind to MAPI
        m.close()                                                                       # 27-29
        w = TcpSession(pcap, ("192.0.2.104", 49402), (EXCHANGE, 8080)).handshake()      # 30-32
        w.client(b"GET / HTTP/1.1\r\nHost: 192.0.2.10:8080\r\n\r\n")                   # 33
        w.close()                                                                       # 34-36
        c = TcpSession(pcap, ("192.0.2.105", 49155), ("192.0.2.30", 8443)).handshake()  # 37-39: 49155 as a client port
        c.close()                                                                       # 40-42
        z = TcpSession(pcap, ("192.0.2.106", 49403), (EXCHANGE, 49157)).handshake()     # 43-45: the odd tower's port
        z.close()                                                                       # 46-48
        o = TcpSession(pcap, ("192.0.2.106", 49404), ("192.0.2.11", 49158)).handshake()  # 49-51: the other host
        o.close()                                                                       # 52-54


def epm_cap(path):
    """64 answers of 64 towers fill the learned endpoints (4,096: ports 10000-14095 on 192.0.2.10); a 65th
    answer holds 65 towers: none is kept (full) and the 65th is beyond the cap of a PDU. Then connections to
    the 4,096th endpoint (labelled) and to the first of the last answer (not)."""
    bind, ack = epm_bind()
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49310), (EXCHANGE, 135)).handshake()              # 1-3
        s.client(bind).server(ack)                                                      # 4, 5
        for k in range(65):                                                             # 6 + 2k, 7 + 2k
            s.client(ept_map_request(2 + k, MAPI, 0))
            count = 65 if k == 64 else 64
            s.server(ept_map_response(2 + k, [tower(MAPI, 0, 10000 + 64 * k + j, EXCHANGE) for j in range(count)]))
        s.close()                                                                       # 136-138
        TcpSession(pcap, ("192.0.2.103", 49411), (EXCHANGE, 14095)).handshake().close()  # 139-144
        TcpSession(pcap, ("192.0.2.103", 49412), (EXCHANGE, 14096)).handshake().close()  # 145-150


def http_message(start, headers, body=b""):
    head = start + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    if body or start.startswith("HTTP/"):
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


RVP_VERSION = ("RVP-Notifications-Version", "0.2")
IM_SERVER, IM_CLIENT, IM_PEER = EXCHANGE, CLIENT, "192.0.2.101"


def rvp_notify(mime):
    return (b'<?xml version="1.0"?><r:notification xmlns:r="http://schemas.microsoft.com/rvp/" '
            b'xmlns:d="DAV:"><r:message><r:notification-from><r:contact><d:href>'
            b"http://im.example.test/instmsg/aliases/bob</d:href></r:contact></r:notification-from>" + mime +
            b"</r:message></r:notification>")


def rvp_session(path):
    """Exchange 2000 Instant Messaging as draft-osborne-rvp-00 and a real client's log describe it
    (../shared/notes/rvp.md): alice logs in on the IM server's port 80 with a SUBSCRIBE whose
    Call-Back is http://192.0.2.100:48401, lists her subscriptions and sets her presence; an OWA
    new-mail SUBSCRIBE (httpu Call-Back) on the same server is not RVP. The server calls back with
    NOTIFYs (bob's presence, a message, a file transfer ACCEPT naming 192.0.2.101:6891, where bob's
    client then connects). A SUBSCRIBE with a Call-Back that is no URL; then UNSUBSCRIBE, and a later
    connection to 48401 is no callback."""
    login = http_message("SUBSCRIBE /instmsg/aliases/alice HTTP/1.1", [
        ("Host", "im.example.test"), RVP_VERSION, ("Notification-Type", "pragma/notify"),
        ("RVP-From-Principal", "http://im.example.test/instmsg/aliases/alice"),
        ("Subscription-Lifetime", "14000"), ("Call-Back", "http://192.0.2.100:48401")])
    granted = http_message("HTTP/1.1 200 Successful", [RVP_VERSION, ("Subscription-Id", "1001"),
                                                       ("Subscription-Lifetime", "14400")])
    listing = http_message("SUBSCRIPTIONS /instmsg/aliases/alice HTTP/1.1", [("Host", "im.example.test"),
                                                                              RVP_VERSION])
    listed = http_message("HTTP/1.1 207 Multi-Status", [RVP_VERSION, ("Content-Type", "text/xml")],
                          b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>')
    busy = http_message("PROPPATCH /instmsg/aliases/alice HTTP/1.1", [
        ("Host", "im.example.test"), RVP_VERSION, ("RVP-Ack-Type", "DeepOr"), ("RVP-Hop-Count", "1"),
        ("Content-Type", "text/xml")],
        b'<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:r="http://schemas.microsoft.com/rvp/">'
        b"<d:set><d:prop><r:state><r:busy/></r:state></d:prop></d:set></d:propertyupdate>")
    ok = http_message("HTTP/1.1 200 Successful", [RVP_VERSION])
    owa = http_message("SUBSCRIBE /exchange/alice/inbox HTTP/1.1", [
        ("Host", "im.example.test"), ("Notification-Type", "update/newmember"),
        ("Call-Back", "httpu://192.0.2.100:1030/"), ("Subscription-Lifetime", "3600")])
    owa_ok = http_message("HTTP/1.1 200 OK", [("Subscription-Id", "77")])
    presence = http_message("NOTIFY /instmsg/local HTTP/1.1", [RVP_VERSION,
        ("Notification-Type", "update/propchange"), ("Subscription-Id", "1001"), ("Content-Type", "text/xml")],
        rvp_notify(b"<r:propnotification><d:propstat><d:prop><r:state><r:online/></r:state></d:prop>"
                   b"</d:propstat></r:propnotification>"))
    message = http_message("NOTIFY /instmsg/local HTTP/1.1", [RVP_VERSION, ("Content-Type", "text/xml")],
        rvp_notify(b"<r:msgbody><r:mime-data><![CDATA[MIME-Version: 1.0\r\nContent-Type: text/plain; "
                   b"charset=UTF-8\r\n\r\nhello, alice]]></r:mime-data></r:msgbody>"))
    accept = http_message("NOTIFY /instmsg/local HTTP/1.1", [RVP_VERSION, ("Content-Type", "text/xml")],
        rvp_notify(b"<r:msgbody><r:mime-data><![CDATA[MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; "
                   b"charset=UTF-8\r\n\r\nInvitation-Command: ACCEPT\r\nInvitation-Cookie: 7\r\n"
                   b"IP-Address: 192.0.2.101\r\nPort: 6891\r\nAuthCookie: 1234\r\n\r\n]]></r:mime-data>"
                   b"</r:msgbody>"))
    bad = http_message("SUBSCRIBE /instmsg/aliases/carol HTTP/1.1", [
        ("Host", "im.example.test"), RVP_VERSION, ("Call-Back", "http://im.example.test:0")])
    bye = http_message("UNSUBSCRIBE /instmsg/aliases/alice HTTP/1.1", [("Host", "im.example.test"), RVP_VERSION,
                                                                       ("Subscription-Id", "1001")])
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (IM_CLIENT, 49500), (IM_SERVER, 80)).handshake()            # 1-3
        s.client(login).server(granted)                                                 # 4, 5
        s.client(listing).server(listed)                                                # 6, 7
        s.client(busy).server(ok)                                                       # 8, 9
        s.client(owa).server(owa_ok)                                                    # 10, 11
        cb = TcpSession(pcap, (IM_SERVER, 1050), (IM_CLIENT, 48401)).handshake()        # 12-14
        cb.client(presence).server(ok)                                                  # 15, 16
        cb.client(message).server(ok)                                                   # 17, 18
        cb.client(accept).server(ok)                                                    # 19, 20
        cb.close()                                                                      # 21-23
        ft = TcpSession(pcap, ("192.0.2.104", 49600), (IM_PEER, 6891)).handshake()     # 24-26
        ft.client(b"VER MSNFTP\r\n").close()                                           # 27, 28-30
        s.client(bad).server(ok)                                                        # 31, 32
        s.client(bye).server(ok)                                                        # 33, 34
        s.close()                                                                       # 35-37
        late = TcpSession(pcap, (IM_SERVER, 1051), (IM_CLIENT, 48401)).handshake()      # 38-40: after UNSUBSCRIBE
        late.client(presence).server(ok)                                                # 41, 42
        late.close()                                                                    # 43-45


def ircx_session(path):
    """IRCX (draft-pfenning-irc-extensions-04), as the Exchange 2000 Chat Service speaks it, on 6667 and on
    7000: the client asks for IRCX mode, the server answers 800 (IRCRPL_IRCX), the client authenticates
    (AUTH NTLM, 910-series on failure is not sent here), creates a channel, sets a property, whispers,
    sends DATA; the server refuses an ACCESS with 913 (IRCERR_NOACCESS); PRIVMSG is plain IRC."""
    client = [b"ISIRCX\r\n", b"IRCX\r\n", b"AUTH NTLM I :TlRMTVNTUAABAAAA\r\n", b"NICK alice\r\n",
              b"USER alice 0 * :Alice\r\n", b"CREATE %#exchange\r\n", b"PROP %#exchange TOPIC :Exchange chat\r\n",
              b"WHISPER %#exchange bob :psst\r\n", b"DATA %#exchange bob CUSTOM.TAG :x\r\n",
              b"ACCESS %#exchange ADD OWNER *!*@*\r\n", b"PRIVMSG %#exchange :hello\r\n"]
    server = [b":chat.example.test 800 * 1 0 NTLM,ANON 512 *\r\n",
              b":chat.example.test 800 * 1 0 NTLM,ANON 512 *\r\n",
              b":chat.example.test 913 alice %#exchange :No access\r\n"]
    with Pcap(path) as pcap:
        for port, client_port in ((6667, 49700), (7000, 49701)):                      # 6667: 1-20, 7000: 21-40
            s = TcpSession(pcap, (CLIENT, client_port), (EXCHANGE, port)).handshake()    # 1-3
            s.client(client[0]).server(server[0])                                       # 4, 5
            s.client(client[1]).server(server[1])                                       # 6, 7
            s.client(*client[2:10]).server(server[2])                                   # 8-15, 16
            s.client(client[10])                                                        # 17
            s.close()                                                                   # 18-20


def greetings(path):
    """The greetings of Exchange 2003 IMAP4, Exchange 2000 POP3 and IIS NNTP, in
    the forms scanners' fingerprint rules publish (nmap-service-probes), each
    answered by one client command: weak evidence of an Exchange server."""
    sessions = [((CLIENT, 49800), (EXCHANGE, 143),
                 b"* OK Microsoft Exchange Server 2003 IMAP4rev1 server version 6.5.7638.1 (ex1.example.test) "
                 b"ready.\r\n", b"a1 CAPABILITY\r\n"),
                ((CLIENT, 49801), ("192.0.2.12", 110),
                 b"+OK Microsoft Exchange 2000 POP3 server version 6.0.6249.0 (ex2.example.test) ready.\r\n",
                 b"CAPA\r\n"),
                ((CLIENT, 49802), ("192.0.2.13", 119),
                 b"200 NNTP Service 5.00.0984 Version: 5.0.2195.6702 Posting Allowed\r\n", b"LIST\r\n")]
    with Pcap(path) as pcap:
        for client, server, greeting, command in sessions:           # 1-8, 9-16, 17-24
            s = TcpSession(pcap, client, server).handshake()           # +0..+2
            s.server(greeting).client(command)                         # +3, +4
            s.close()                                                  # +5..+7


def owa(path):
    """Outlook Web Access on IIS 6.0 (Exchange 2003) asking for the login
    (401 with Negotiate and NTLM): weak evidence of an Exchange server; IIS
    answering another path, and Apache answering /exchange/, are none."""
    iis = b"Server: Microsoft-IIS/6.0\r\n"
    unauthorized = (b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n" + iis +
                    b"WWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\n\r\n")
    sessions = [((CLIENT, 49810), (EXCHANGE, 80), b"GET /exchange/alice/ HTTP/1.1\r\nHost: ex1\r\n\r\n",
                 unauthorized),
                ((CLIENT, 49811), ("192.0.2.15", 80), b"GET / HTTP/1.1\r\nHost: www\r\n\r\n",
                 b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + iis + b"\r\n"),
                ((CLIENT, 49812), ("192.0.2.16", 80), b"GET /exchange/ HTTP/1.1\r\nHost: web\r\n\r\n",
                 b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nServer: Apache/2.4.57\r\n\r\n")]
    with Pcap(path) as pcap:
        for client, server, request, response in sessions:            # 1-8, 9-16, 17-24
            s = TcpSession(pcap, client, server).handshake()           # +0..+2
            s.client(request).server(response)                         # +3, +4
            s.close()                                                  # +5..+7


def firewall_failures(path):
    """What a firewall report must tell apart: a GC port that refuses (RST),
    an LDAP port whose SYN is retransmitted and never answered, a DNS query
    with no answer, and the endpoints that work: RPC on 135, DNS, and 691,
    which first refuses one connection and then accepts another."""
    def syn(session):
        session._send("c", SYN)
        return session

    def retransmit_syn(session):
        session.ends["c"][2] -= 1                               # the same sequence number again
        return syn(session)

    with Pcap(path) as pcap:
        syn(TcpSession(pcap, (CLIENT, 49900), (DC, 3268))).reset("s")               # 1-2: refused
        retransmit_syn(syn(TcpSession(pcap, (CLIENT, 49901), (DC, 389))))           # 3-4: unanswered
        s = TcpSession(pcap, (CLIENT, 49902), (EXCHANGE, 135)).handshake()          # 5-7
        s.client(b"\x05\x00\x0b\x03").close()                                       # 8, 9-11
        UdpFlow(pcap, (CLIENT, 50053), ("192.0.2.21", 53)).client(dns_query())      # 12: unanswered
        UdpFlow(pcap, (CLIENT, 50054), (DC, 53)).client(dns_query()).server(dns_answer())  # 13-14
        syn(TcpSession(pcap, (CLIENT, 49903), (EXCHANGE, 691))).reset("s")          # 15-16: refused
        TcpSession(pcap, (CLIENT, 49904), (EXCHANGE, 691)).handshake().close()      # 17-22: open


def cleartext_auth(path):
    """Logins in the clear that no real capture here has: SMTP AUTH LOGIN (and
    a message body quoting "AUTH PLAIN", which is no login), NNTP AUTHINFO
    USER/PASS, IRC PASS; and SMTP AUTH GSSAPI, which carries no password; then
    link state after X-EXPS authentication; then HTTP Basic to Outlook Web
    Access, and NTLM, which carries no password."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49950), (EXCHANGE, 25)).handshake()         # 1-3
        s.server(b"220 ex1.example.test ESMTP\r\n").client(b"EHLO c\r\n")     # 4, 5
        s.server(b"250-ex1.example.test\r\n250 AUTH LOGIN PLAIN GSSAPI\r\n")    # 6
        s.client(b"AUTH LOGIN\r\n").server(b"334 VXNlcm5hbWU6\r\n")              # 7, 8
        s.client(b"YWxpY2U=\r\n").server(b"334 UGFzc3dvcmQ6\r\n")                # 9, 10
        s.client(b"c2VjcmV0\r\n").server(b"235 2.7.0 Authentication successful\r\n")  # 11, 12
        s.client(b"MAIL FROM:<a@example.test>\r\n").server(b"250 OK\r\n")        # 13, 14
        s.client(b"RCPT TO:<b@example.test>\r\n").server(b"250 OK\r\n")          # 15, 16
        s.client(b"DATA\r\n").server(b"354 go ahead\r\n")                        # 17, 18
        s.client(b"Subject: x\r\n\r\nAUTH PLAIN is how you log in\r\n.\r\n")  # 19: a body line
        s.server(b"250 queued\r\n").client(b"AUTH GSSAPI\r\n")                   # 20, 21
        s.close()                                                                  # 22-24
        n = TcpSession(pcap, (CLIENT, 49951), ("192.0.2.13", 119)).handshake()     # 25-27
        n.server(b"200 news ready\r\n").client(b"AUTHINFO USER alice\r\n")         # 28, 29
        n.server(b"381 more\r\n").client(b"AUTHINFO PASS secret\r\n")              # 30, 31
        n.close()                                                                  # 32-34
        i = TcpSession(pcap, (CLIENT, 49952), ("192.0.2.14", 6667)).handshake()    # 35-37
        i.client(b"PASS secret\r\nNICK alice\r\nUSER alice 0 * :Alice\r\n")   # 38
        i.close()                                                                  # 39-41
        # 42-52: link state after X-EXPS (Exchange's own authentication): not unauthenticated
        x = TcpSession(pcap, ("192.0.2.11", 49953), (EXCHANGE, 25)).handshake()     # 42-44
        x.server(b"220 ex1.example.test ESMTP\r\n").client(b"EHLO bh2\r\n")     # 45, 46
        x.server(b"250-ex1.example.test\r\n250-X-EXPS GSSAPI NTLM\r\n250 X-LINK2STATE\r\n")  # 47
        x.client(b"X-EXPS GSSAPI\r\n").server(b"235 2.7.0 Authentication successful\r\n")  # 48, 49
        x.client(b"X-LINK2STATE FIRST CHUNK={00000010} (d38082e7c9ecd7)\r\n")    # 50
        x.close()                                                                  # 51-53
        # 54-62: Outlook Web Access with HTTP Basic in the clear, then a request with NTLM (no password)
        h = TcpSession(pcap, (CLIENT, 49954), (EXCHANGE, 80)).handshake()          # 54-56
        h.client(b"GET /exchange/alice/ HTTP/1.1\r\nHost: ex1\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n")  # 57
        h.server(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")                 # 58
        h.client(b"GET /exchweb/img/x.gif HTTP/1.1\r\nHost: ex1\r\nAuthorization: NTLM "
                 b"TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n")  # 59: a negotiate message
        h.server(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")                 # 60
        h.close()                                                                  # 61-63


def opaque(path, port, note):
    """A connection whose wire format is not public: the payload is a plain
    marker, enough to label the port and nothing more."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49220), (EXCHANGE, port)).handshake()
        s.client(note.encode() + b" request\r\n")
        s.server(note.encode() + b" reply\r\n")
        s.close()


def mcs_connect_initial():
    """T.125 MCS Connect-Initial ([APPLICATION 101], BER) with empty user data."""
    def domain_params(values):
        return ber(0x30, b"".join(ber_int(v) for v in values))
    body = ber(0x04, b"\x01") + ber(0x04, b"\x01") + ber(0x01, b"\xff") + \
        domain_params([34, 2, 0, 1, 0, 1, 65535, 2]) + \
        domain_params([1, 1, 1, 1, 0, 1, 1056, 2]) + \
        domain_params([65535, 64535, 65535, 1, 0, 1, 65535, 2]) + ber(0x04, b"")
    return b"\x7f\x65" + ber_length(len(body)) + body


def t120(path):
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49230), (EXCHANGE, 1503)).handshake()
        s.client(cotp_cr(b"", b""))
        s.server(cotp_cc(b"", b""))
        s.client(cotp_dt(mcs_connect_initial()))
        s.close()


def q931(call_ref_flag, msg_type, ies):
    return bytes([0x08, 0x02, call_ref_flag, 0x01, msg_type]) + ies


def h323(path):
    """H.225.0 call signalling: Q.931 SETUP and CONNECT over TPKT on 1720."""
    setup_ies = bytes.fromhex("04038890a5") + b"\x6c\x06\x00\x81" + b"1000" + b"\x70\x05\x81" + b"2000"
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49240), (EXCHANGE, 1720)).handshake()
        s.client(tpkt(q931(0x00, 0x05, setup_ies)))
        s.server(tpkt(q931(0x80, 0x07, b"")))
        s.close()


class Per:
    """An ALIGNED PER (ITU-T X.691) bit writer: just what the H.225.0 and H.245
    messages below need. Alignment counts from the start of this writer, so an
    open type is encoded with a writer of its own."""

    def __init__(self):
        self.bits = []

    def bit(self, *bits):
        self.bits.extend(bits)
        return self

    def uint(self, value, nbits):
        self.bits.extend((value >> i) & 1 for i in reversed(range(nbits)))
        return self

    def align(self):
        self.bits.extend([0] * (-len(self.bits) % 8))
        return self

    def octets(self, data):
        self.align()
        for byte in data:
            self.uint(byte, 8)
        return self

    def constrained(self, value, lo, hi):
        """A constrained whole number (X.691 10.5): a bit-field below 256 values,
        else one or two aligned octets."""
        span = hi - lo + 1
        if span <= 255:
            return self.uint(value - lo, (span - 1).bit_length())
        return self.align().uint(value - lo, 8 if span == 256 else 16)

    def choice(self, index, alternatives, extensible=True):
        """A root alternative of a CHOICE (X.691 23)."""
        if extensible:
            self.bit(0)
        return self.constrained(index, 0, alternatives - 1) if alternatives > 1 else self

    def length(self, n):
        assert n < 128
        return self.align().uint(n, 8)

    def open_type(self, inner):
        """An open type (X.691 10.2): the complete encoding of a value, as octets with a length."""
        data = inner.to_bytes() or b"\x00"
        return self.length(len(data)).octets(data)

    def to_bytes(self):
        bits = self.bits + [0] * (-len(self.bits) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def h225_connect(h245_ip, h245_port, conference_id):
    """H323-UserInformation with a Connect-UUIE announcing the H.245 address
    (H.225.0 ASN.1: H323-MESSAGES)."""
    per = Per().bit(0, 0)                        # H323-UserInformation: no extension, no user-data
    per.bit(0, 0)                                # H323-UU-PDU: no extension, no nonStandardData
    per.choice(2, 7)                             # h323-message-body: connect
    per.bit(0, 1)                                # Connect-UUIE: no extension; h245Address present
    oid = bytes([0x00, 0x08, 0x91, 0x4A, 0x00, 0x02])   # protocolIdentifier 0.0.8.2250.0.2 (version 2)
    per.length(len(oid)).octets(oid)
    per.choice(0, 7)                             # h245Address: ipAddress
    per.octets(bytes(map(int, h245_ip.split(".")))).constrained(h245_port, 0, 65535)
    per.bit(0).bit(0, 0, 0, 0, 0, 0).bit(0, 0)   # destinationInfo: no extension, no options, mc, undefinedNode
    per.octets(conference_id)
    return per.to_bytes()


def h245_unicast(per, ip, port):
    """H.245 TransportAddress: unicastAddress iPAddress."""
    per.choice(0, 2).choice(0, 5).bit(0)
    return per.octets(bytes(map(int, ip.split(".")))).constrained(port, 0, 65535)


def h245_olc_ack(channel, media, media_control):
    """MultimediaSystemControlMessage response openLogicalChannelAck whose
    h2250LogicalChannelAckParameters give the RTP and RTCP addresses (H.245
    ASN.1: MULTIMEDIA-SYSTEM-CONTROL); forwardMultiplexAckParameters is an
    extension addition, so it travels as an open type."""
    params = Per().choice(0, 1)                  # forwardMultiplexAckParameters: h2250LogicalChannelAckParameters
    params.bit(0).bit(0, 1, 1, 1, 0)             # no extension; sessionID, mediaChannel, mediaControlChannel
    params.constrained(1, 1, 255)                # sessionID 1 (audio)
    h245_unicast(params, *media)
    h245_unicast(params, *media_control)
    per = Per().choice(1, 4)                     # response
    per.choice(5, 19)                            # openLogicalChannelAck
    per.bit(1, 0)                                # extension additions follow; no reverseLogicalChannelParameters
    per.constrained(channel, 1, 65535)           # forwardLogicalChannelNumber
    per.bit(0).uint(4 - 1, 6)                    # four extension additions in this version ...
    per.bit(0, 1, 0, 0)                          # ... of which forwardMultiplexAckParameters is present
    per.open_type(params)
    return per.to_bytes()


def rtp(seq, ssrc):
    """RTP version 2, payload type 0 (G.711 mu-law), 20 ms of silence."""
    return struct.pack("!BBHII", 0x80, 0, seq, seq * 160, ssrc) + b"\xff" * 160


def rtcp_sender_report(ssrc):
    return struct.pack("!BBHIIIIII", 0x80, 200, 6, ssrc, 0xEB000000, 0, 480, 3, 480)


def h323_call(path):
    """An H.323 call signalled on 1720 whose CONNECT announces an H.245 address,
    and whose OpenLogicalChannelAck announces where the RTP and RTCP go: the
    H.245 connection and the media are followed from what the stock H.225.0
    and H.245 dissectors set up."""
    h245 = (EXCHANGE, 30000)
    media, media_control = (EXCHANGE, 40000), (EXCHANGE, 40001)
    with Pcap(path) as pcap:
        UdpFlow(pcap, (CLIENT, 41000), media).client(rtp(1, 0x1111))           # 1: before any announcement
        call = TcpSession(pcap, (CLIENT, 49250), (EXCHANGE, 1720)).handshake()   # 2-4
        call.client(tpkt(q931(0x00, 0x05, b"\x04\x03\x88\x90\xa5")))          # 5: SETUP
        uuie = h225_connect(*h245, bytes(range(16)))
        call.server(tpkt(q931(0x80, 0x07, b"\x7e" + struct.pack("!H", len(uuie) + 1) + b"\x05" + uuie)))  # 6
        control = TcpSession(pcap, (CLIENT, 49251), h245).handshake()           # 7-9: to the H.245 address
        control.server(tpkt(h245_olc_ack(1, media, media_control)))              # 10
        stream = UdpFlow(pcap, (CLIENT, 41000), media)
        for seq in (2, 3, 4):
            stream.client(rtp(seq, 0x1111))                                     # 11-13
        UdpFlow(pcap, (CLIENT, 41001), media_control).client(rtcp_sender_report(0x1111))  # 14
        UdpFlow(pcap, ("192.0.2.11", 41000), ("192.0.2.12", 40000)).client(rtp(1, 0x2222))  # 15: same port, other host
        UdpFlow(pcap, (CLIENT, 41002), (EXCHANGE, 40002)).client(rtp(1, 0x3333))  # 16: not announced
        control.close()                                                         # 17-19
        call.close()                                                            # 20-22


def ldap_message(msgid, op):
    return ber(0x30, ber(0x02, bytes([msgid])) + op)


def cldap(path):
    """An Active Directory "LDAP ping" over UDP 389 (MS-ADTS 6.3.3): a
    base-scope search for Netlogon with DnsDomain and NtVer, and the answer."""
    filt = ber(0xA0, ber(0xA3, ber(0x04, b"DnsDomain") + ber(0x04, b"example.test")) +
               ber(0xA3, ber(0x04, b"NtVer") + ber(0x04, b"\x06\x00\x00\x00")))
    search = ber(0x63, ber(0x04, b"") + ber(0x0A, b"\x00") + ber(0x0A, b"\x00") + ber(0x02, b"\x00") +
                 ber(0x02, b"\x00") + ber(0x01, b"\x00") + filt + ber(0x30, ber(0x04, b"Netlogon")))
    entry = ber(0x64, ber(0x04, b"") + ber(0x30, ber(0x30, ber(0x04, b"Netlogon") +
                                                      ber(0x31, ber(0x04, b"\x17\x00\x00\x00")))))
    done = ber(0x65, ber(0x0A, b"\x00") + ber(0x04, b"") + ber(0x04, b""))
    with Pcap(path) as pcap:
        flow = UdpFlow(pcap, (CLIENT, 50389), (DC, 389))
        flow.client(ldap_message(1, search))
        flow.server(ldap_message(1, entry) + ldap_message(1, done))


def ports_both(path):
    """Flows where both ports have a role."""
    with Pcap(path) as pcap:
        # 1-6: the SYN goes to 3268, so the GC is the server although 389 is lower.
        TcpSession(pcap, (CLIENT, 389), (DC, 3268)).handshake().close()
        # 7-8: no SYN between 636 and 143: the lower port, 143, is the server.
        mid = TcpSession(pcap, ("192.0.2.101", 636), (EXCHANGE, 143))
        mid.server(b"* OK IMAP4 ready\r\n").client(b"a1 CAPABILITY\r\n")
        # 9: equal ports: the destination is the server.
        UdpFlow(pcap, (DC, 53), ("192.0.2.21", 53)).client(b"\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")
        # 10: UDP 389 -> 53: the lower port, 53, is the server.
        UdpFlow(pcap, (CLIENT, 389), ("192.0.2.21", 53)).client(b"\x00\x02\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")


def dns_query():
    return bytes.fromhex("abcd01000001000000000000") + b"\x03_gc\x04_tcp\x07example\x04test\x00" + b"\x00\x21\x00\x01"


def dns_answer():
    """The answer to dns_query() that says nothing: QR and RA set, no records (the same length)."""
    query = dns_query()
    return query[:2] + bytes([query[2] | 0x80, query[3] | 0x80]) + query[4:]


def icmp_errors(path):
    """ICMP/ICMPv6 errors quoting Exchange-port packets: the quoted ports must
    not give the ICMP frame a role; the firewall report counts them as blocked
    attempts."""
    quoted_udp = ip_packet(CLIENT, DC, 17, udp_datagram(CLIENT, DC, 50000, 53, dns_query()))
    quoted_tcp = ip_packet("2001:db8::100", "2001:db8::20", 6,
                           tcp_segment("2001:db8::100", "2001:db8::20", 50001, 3268, 1, 0, SYN))
    quoted_syn = ip_packet(CLIENT, EXCHANGE, 6, tcp_segment(CLIENT, EXCHANGE, 50002, 691, 1, 0, SYN))
    with Pcap(path) as pcap:
        pcap.frame(icmp_unreachable(DC, CLIENT, quoted_udp, 3))
        pcap.frame(icmp_unreachable("2001:db8::20", "2001:db8::100", quoted_tcp, 4))
        pcap.frame(icmp_unreachable("192.0.2.1", CLIENT, quoted_syn, 13))    # a filter; 8 bytes of TCP: no flags
        # a router's time exceeded (a traceroute to 25): no block, no label
        quoted_smtp = ip_packet(CLIENT, EXCHANGE, 6, tcp_segment(CLIENT, EXCHANGE, 50003, 25, 1, 0, SYN))
        pcap.frame(icmp_error("192.0.2.1", CLIENT, quoted_smtp, (11, 3), 0))


def bad_input(path):
    """Frames a label must survive: see testdata/README.md for the list."""
    query = dns_query() + b"\x00" * 40
    udp = udp_datagram(CLIENT, DC, 50053, 53, query)
    syn = tcp_segment(CLIENT, DC, 50268, 3268, 1, 0, SYN)
    with Pcap(path) as pcap:
        # 1: ARP request: no IP, no transport.
        pcap.frame(ethernet(bytes.fromhex("0001080006040001") + b"\x00\x00\x5e\x00\x53\x01" +
                            bytes([192, 0, 2, 100]) + b"\x00" * 6 + bytes([192, 0, 2, 20]), 0x0806))
        # 2-3: a UDP datagram to 53 in two IPv4 fragments (offsets 0 and 32 bytes).
        pcap.frame(ip_packet(CLIENT, DC, 17, udp[:32], ident=77, flags_frag=0x2000))
        pcap.frame(ip_packet(CLIENT, DC, 17, udp[32:], ident=77, flags_frag=4))
        # 4: an IPv4 header cut after 12 bytes by the snap length.
        pcap.frame(ip_packet(CLIENT, DC, 6, syn), captured=14 + 12)
        # 5: a TCP header cut after 3 bytes: the destination port is incomplete.
        pcap.frame(ip_packet(CLIENT, DC, 6, syn), captured=14 + 20 + 3)
        # 6: a UDP header cut after 6 bytes.
        pcap.frame(ip_packet(CLIENT, DC, 17, udp), captured=14 + 20 + 6)
        # 7: a UDP datagram to 53 with an empty payload.
        pcap.frame(ip_packet(CLIENT, DC, 17, udp_datagram(CLIENT, DC, 50054, 53, b"")))
        # 8: an IPv4 packet whose total length is shorter than its TCP header.
        packet = ip_packet(CLIENT, DC, 6, syn)
        pcap.frame(packet[:16] + struct.pack("!H", 20 + 8) + packet[18:])
        # 9: a zero-length frame.
        pcap.frame(b"")
        # 10: TCP with a header length of 8 bytes (bogus) to 3268.
        bogus = bytearray(tcp_segment(CLIENT, DC, 50269, 3268, 1, 0, ACK))
        bogus[12] = 2 << 4
        pcap.frame(ip_packet(CLIENT, DC, 6, bytes(bogus)))


# --- link state (X-LINK2STATE / X-LSA-2) -------------------------------------
# From ../shared-style facts: the EHLO reply of IIS SMTP 6.0 (Exchange 2003), the
# chunk grammar X-LINK2STATE [FIRST|NEXT|LAST] CHUNK={8 hex digits} data, and the
# OrgInfo layout (two GUIDs, then parenthesised groups). Replies to chunks are
# not public: the transcripts below contain none.
BRIDGEHEAD = "192.0.2.11"
EXCHANGE_EHLO = [
    "250-ex1.example.test Hello [192.0.2.11]", "250-TURN", "250-SIZE", "250-ETRN", "250-PIPELINING",
    "250-DSN", "250-ENHANCEDSTATUSCODES", "250-8bitmime", "250-BINARYMIME", "250-CHUNKING", "250-VRFY",
    "250-X-EXPS GSSAPI NTLM LOGIN", "250-X-EXPS=LOGIN", "250-AUTH GSSAPI NTLM LOGIN", "250-AUTH=LOGIN",
    "250-X-LINK2STATE", "250-XEXCH50", "250 OK",
]
BANNER = "220 ex1.example.test Microsoft ESMTP MAIL Service, Version: 6.0.3790.4675 ready at  Thu, 1 Jan 2026 00:00:00 +0000"
ORG_GUID = "d38082e7c9ecd74dbff32bada8932642"
DIGEST = "9e107d9d372bb6826bd81d3542a419d6"
RG_GUID = "5f2b8e0a9c4d4e1fa1b2c3d4e5f60718"
ORGINFO = (f"{ORG_GUID} {DIGEST} (({RG_GUID} (MULTI (5) (3 12 0)) "
           "(CONN (rgc-london 1) (UP))) (ADDR (SMTP *.example.test 1)))")


def crlf(*lines):
    return b"".join(line.encode("latin-1") + b"\r\n" for line in lines)


def chunk(marker, data, declared=None):
    length = len(data) if declared is None else declared
    head = "X-LINK2STATE " + (marker + " " if marker else "") + f"CHUNK={{{length:08x}}} "
    return head + data


def exchange_session(pcap, port, client_port):
    """An Exchange 2003 SMTP server on port greeting a bridgehead that sends EHLO:
    frames 1-3 handshake, 4 banner, 5 EHLO, 6 the EHLO reply."""
    s = TcpSession(pcap, (BRIDGEHEAD, client_port), (EXCHANGE, port)).handshake()
    s.server(crlf(BANNER))
    s.client(crlf("EHLO bh2.example.test"))
    s.server(crlf(*EXCHANGE_EHLO))
    return s


def mail_envelope(s):
    """Frames 7-10 of an exchange_session: MAIL and RCPT, accepted."""
    s.client(crlf("MAIL FROM:<postmaster@example.test>"))
    s.server(crlf("250 2.1.0 postmaster@example.test....Sender OK"))
    s.client(crlf("RCPT TO:<alice@example.test>"))
    s.server(crlf("250 2.1.5 alice@example.test "))
    return s


def xlsa_transfer(path):
    """Port 25: a message whose XEXCH50 data and body hold bytes and an
    X-LINK2STATE line that are content, not commands; then a link-state transfer
    in four chunks (FIRST, NEXT, unmarked, LAST), one with a wrong declared length."""
    parts = [ORGINFO[:40], ORGINFO[40:90], ORGINFO[90:140], ORGINFO[140:]]
    with Pcap(path) as pcap:
        s = mail_envelope(exchange_session(pcap, 25, 49300))         # 1-10
        s.client(crlf("XEXCH50 6 2"))                                # 11
        s.server(crlf("354 Send binary data"))
        s.client(b"\x00\x01\r\n\x02\x03")                             # 13: the 6 bytes of XEXCH50 data
        s.server(crlf("250 2.0.0 XEXCH50 OK"))
        s.client(crlf("DATA"))                                       # 15
        s.server(crlf("354 Start mail input; end with <CRLF>.<CRLF>"))
        s.client(crlf("Subject: quoting", "", "X-LINK2STATE CHUNK=not a command", "."))  # 17
        s.server(crlf("250 2.6.0 Queued mail for delivery"))
        s.client(crlf(chunk("FIRST", parts[0])))                     # 19
        s.client(crlf(chunk("NEXT", parts[1])))                      # 20
        s.client(crlf(chunk("", parts[2], declared=0x99)))           # 21: length mismatch
        s.client(crlf(chunk("LAST", parts[3])))                      # 22: transfer complete
        s.close()                                                    # 23-25


def xlsa_ms05_021(path):
    """exploit-db 947 (MS05-021 / CVE-2005-0560): EHLO, then twice
    X-LINK2STATE CHUNK= followed by 1,000 bytes, no FIRST, no AUTH."""
    line = "X-LINK2STATE CHUNK=" + "A" * 1000
    with Pcap(path) as pcap:
        s = exchange_session(pcap, 25, 49301)
        s.client(crlf(line))                                         # 7
        s.client(crlf(line))                                         # 8
        s.reset("s")                                                 # 9


def xlsa_ms05_021_after_mail(path):
    """The exploit-db 947 line after a message whose content a sender split at
    odd places: segments that end inside a line, a line "." that is the end of a
    cut line, a dot-stuffed line and an X-LINK2STATE line that are content, and a
    final "." whose line end comes in the next segment."""
    with Pcap(path) as pcap:
        s = mail_envelope(exchange_session(pcap, 25, 49307))         # 1-10
        s.client(crlf("DATA"))                                       # 11
        s.server(crlf("354 Start mail input; end with <CRLF>.<CRLF>"))
        s.client(b"Subject: cut\r\n\r\nA line cut by the end of a segment")          # 13
        s.client(b".\r\n..dot-stuffed\r\n" + crlf("X-LINK2STATE CHUNK=" + "B" * 600) + b"cut again")  # 14
        s.client(b"\r\n.")                                           # 15: the end of the message ...
        s.client(b"\r\n")                                            # 16: ... and of its line
        s.server(crlf("250 2.6.0 Queued mail for delivery"))         # 17
        s.client(crlf("X-LINK2STATE CHUNK=" + "A" * 1000))           # 18
        s.reset("s")                                                 # 19


def xlsa_bdat_pipelined(path):
    """BDAT content that does not end with a line end, pipelined with the next
    command in the same segment: on 25 beside SMTP, then on 691."""
    content = b"ab\r\nc"                                             # the 5 bytes of BDAT 5
    with Pcap(path) as pcap:
        s = exchange_session(pcap, 25, 49308)                        # 1-6
        s.client(b"BDAT 5 LAST\r\n" + content + crlf(chunk("FIRST", "(x")))   # 7
        s.server(crlf("250 2.6.0 Queued mail for delivery", "250 2.0.0 OK"))     # 8
        s.close()                                                    # 9-11
        t = TcpSession(pcap, ("192.0.2.12", 49311), (EXCHANGE, 691)).handshake()  # 12-14
        t.client(b"BDAT 5 LAST\r\n" + content + crlf("X-LSA-2 FIRST CHUNK=(x"))  # 15
        t.close()                                                    # 16-18


def xlsa_out_of_order(path):
    """Port 25: NEXT and LAST with no FIRST, FIRST twice, a 1,500-byte line, and
    a transfer the connection closes before its LAST chunk."""
    with Pcap(path) as pcap:
        s = exchange_session(pcap, 25, 49302)
        s.client(crlf(chunk("NEXT", "(a)")))                         # 7: no FIRST
        s.client(crlf(chunk("LAST", "(b)")))                         # 8: no FIRST
        s.client(crlf(chunk("FIRST", "(c")))                         # 9
        s.client(crlf(chunk("FIRST", "(d")))                         # 10: FIRST while open
        s.client(crlf(chunk("NEXT", "x" * 1500 + ")")))              # 11: over-long line
        s.close()                                                    # 12-14: no LAST


def xlsa_691(path):
    """TCP 691: an SMTP-like X-LSA-2 dialogue, then a two-chunk transfer whose
    first command is split mid-token across two segments."""
    first = crlf("X-LSA-2 FIRST CHUNK={%08x} %s" % (len(ORGINFO[:60]), ORGINFO[:60]))
    last = crlf("X-LSA-2 LAST CHUNK={%08x} %s" % (len(ORGINFO[60:]), ORGINFO[60:]))
    with Pcap(path) as pcap:
        s = TcpSession(pcap, ("192.0.2.12", 49310), (EXCHANGE, 691)).handshake()
        s.server(crlf("220 ex1.example.test Microsoft ESMTP MAIL Service, Version: 6.0.3790.4675 ready"))  # 4
        s.client(crlf("EHLO ex2.example.test"))                      # 5
        s.server(crlf("250-ex1.example.test Hello [192.0.2.12]", "250-X-LSA-2", "250 OK"))  # 6
        s.client(first[:4], first[4:])                               # 7-8: "X-LS" | "A-2 FIRST ..."
        s.client(last)                                               # 9
        s.close()                                                    # 10-12


def xlsa_binary(path):
    """TCP 691 carrying data that is not text: records with a printable string,
    a GUID written in hex, and the raw bytes of a GUID that a text transfer in
    the same capture names (both as written and as a Windows GUID structure)."""
    org = bytes.fromhex(ORG_GUID)
    windows = org[3::-1] + org[5:3:-1] + org[7:5:-1] + org[8:]
    with Pcap(path) as pcap:
        # 1-8: a text transfer on 691 naming ORG_GUID
        t = TcpSession(pcap, ("192.0.2.12", 49320), (EXCHANGE, 691)).handshake()
        t.client(crlf("X-LSA-2 FIRST CHUNK=%s" % ORGINFO[:70]), crlf("X-LSA-2 LAST CHUNK=%s" % ORGINFO[70:]))
        t.close()
        # 9-16: an opaque connection
        b = TcpSession(pcap, ("192.0.2.13", 49321), (EXCHANGE, 691)).handshake()
        b.client(b"\x00\x00\x00\x2c\x01\x02" + b"RoutingGroupMaster" + b"\x00" + RG_GUID.encode() + b"\xff")
        b.server(b"\x00\x00\x00\x24\x81" + org + b"\x00\x07" + windows + b"\x00")
        b.close()


def xlsa_heuristic(path):
    """X-LINK2STATE on port 2525, which no dissector owns: the xlsa_tcp heuristic
    takes the connection; a text protocol on 2526 is left alone."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (BRIDGEHEAD, 49330), (EXCHANGE, 2525)).handshake()
        s.client(crlf(chunk("FIRST", "(%s)" % ORG_GUID)))            # 4
        s.client(crlf(chunk("LAST", "(x)")))                         # 5
        s.close()
        o = TcpSession(pcap, (BRIDGEHEAD, 49331), (EXCHANGE, 2526)).handshake()
        o.client(crlf("XYZZY nothing happens"))                      # 12
        o.server(crlf("250-not", "250 link state"))                  # 13
        o.close()


def xlsa_heuristic_lower(path):
    """The verbs and keywords in lower case on port 2527, which no dissector owns:
    the heuristic compares them without case, as the server does."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (BRIDGEHEAD, 49332), (EXCHANGE, 2527)).handshake()
        s.client(crlf("x-link2state first chunk={00000005} (abc)"))  # 4
        s.client(crlf("x-link2state last chunk={00000003} (x)"))     # 5
        s.close()                                                    # 6-8


def xlsa_multi(path):
    """The one genuine chunk on record (Snort's comment): CHUNK={0000006d}
    MULTI (5) ({00000000051} ..., here followed by the organization GUID and the
    digest; 0x6d = 109 bytes of data in the FIRST chunk, the rest in the LAST."""
    first = f"MULTI (5) ({{00000000051}} {ORG_GUID} {DIGEST} (({RG_GUID[:16]}"
    last = f"{RG_GUID[16:]} (UP))))"
    assert len(first) == 0x6d
    with Pcap(path) as pcap:
        s = exchange_session(pcap, 25, 49340)                            # 1-6
        s.client(crlf(chunk("FIRST", first)))                            # 7
        s.client(crlf(chunk("LAST", last)))                              # 8
        s.close()                                                        # 9-11


def xlsa_line_limit(path):
    """Lines at the documented maximum of 1,024 bytes, CRLF included (KB 812455),
    and one byte over it, as command and as reply, on 691."""
    def line(head, total):
        return crlf(head + "x" * (total - 2 - len(head)))
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (BRIDGEHEAD, 49350), (EXCHANGE, 691)).handshake()   # 1-3
        s.client(line("NOOP ", 1024))                                    # 4: at the limit
        s.server(line("250 ", 1025))                                     # 5: over it
        s.client(line("NOOP ", 1025))                                    # 6: over it
        s.server(line("250 ", 1024))                                     # 7: at the limit
        s.close()                                                        # 8-10


# --- directory (LDAP) ---------------------------------------------------------

def gryphon(src, dst, frame_type, data):
    """A Gryphon frame (Dearborn Group; Wireshark's gryphon plugin): an 8-octet
    header, then the data padded to a multiple of 4."""
    header = struct.pack(">BBBBHBB", src, 0, dst, 0, len(data), frame_type, 0)
    return header + data + b"\0" * (-len(data) % 4)


def gryphon_7000(path):
    """Genuine-format Gryphon on its port 7000, which the seed gives to IRC: a
    client registers with the server (CMD_SERVER_REG, 0x250) and gets its
    answer; the shared port's guard must leave it to the Gryphon dissector."""
    register = bytes([0x50, 1, 0, 0]) + b"alice".ljust(16, b"\0") + b"secret".ljust(32, b"\0")
    answer = bytes([0x50, 1, 0, 0]) + struct.pack(">I", 0) + bytes([0x10, 0, 0, 0])
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49430), (EXCHANGE, 7000)).handshake()     # 1-3
        s.client(gryphon(3, 2, 1, register))                                   # 4: SD_CLIENT -> SD_SERVER, CMD
        s.server(gryphon(2, 3, 2, answer))                                     # 5: RESP
        s.close()                                                              # 6-8


def ldap_string(text):
    return ber(0x04, text.encode() if isinstance(text, str) else text)


def ldap_bind(msgid, name, auth_tag, credentials):
    return ldap_message(msgid, ber(0x60, ber_int(3) + ldap_string(name) + ber(auth_tag, credentials)))


def ldap_result(msgid, op_tag, matched=b"", code=0):
    return ldap_message(msgid, ber(op_tag, ber(0x0A, bytes([code])) + ldap_string(matched) + ldap_string("")))


def ldap_search(msgid, base, scope, filt, attributes=()):
    body = (ldap_string(base) + ber(0x0A, bytes([scope])) + ber(0x0A, b"\x00") + ber_int(0) + ber_int(0) +
            ber(0x01, b"\x00") + filt + ber(0x30, b"".join(ldap_string(a) for a in attributes)))
    return ldap_message(msgid, ber(0x63, body))


def ntlmssp(message_type, body=b""):
    return b"NTLMSSP\x00" + struct.pack("<I", message_type) + body


def sicily(path):
    """Microsoft's "Sicily" NTLM bind on the SRS port 379: package discovery [9]
    (the server answers the packages in matchedDN), negotiate [10] (the
    challenge comes back in matchedDN), response [11]; then a search below an
    Exchange 5.5 site."""
    negotiate = ntlmssp(1, struct.pack("<I", 0x00088207) + b"\x00" * 16)
    challenge = ntlmssp(2, struct.pack("<HHI", 0, 0, 40) + struct.pack("<I", 0x00088207) + bytes(range(8)) +
                        b"\x00" * 8)
    authenticate = ntlmssp(3, b"\x00" * 52)
    present = ber(0x87, b"objectClass")
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49400), (EXCHANGE, 379)).handshake()     # 1-3
        s.client(ldap_bind(1, "", 0x89, b""))                               # 4: [9] discovery
        s.server(ldap_result(1, 0x61, b"NTLM"))                             # 5
        s.client(ldap_bind(2, "", 0x8A, negotiate))                         # 6: [10] negotiate
        s.server(ldap_result(2, 0x61, challenge))                           # 7
        s.client(ldap_bind(3, "", 0x8B, authenticate))                      # 8: [11] response
        s.server(ldap_result(3, 0x61))                                      # 9
        s.client(ldap_search(4, "cn=Recipients,ou=Site1,o=Example Org", 1, present, ["cn"]))  # 10
        s.server(ldap_result(4, 0x65))                                      # 11
        s.close()                                                           # 12-14


def adc_sync(path):
    """An Active Directory Connector connection agreement at work on 389 (simple
    bind with a password in clear, a USN-Changed search with the DirSync
    control, the high-water mark written back), and a forest-wide GC search on
    3268 based at the root naming context."""
    usn = ber(0xA5, ldap_string("uSNChanged") + ldap_string("4711"))
    dirsync = ber(0xA0, ber(0x30, ldap_string("1.2.840.113556.1.4.841") + ber(0x01, b"\xff") +
                            ldap_string(ber(0x30, ber_int(0) + ber_int(0) + ldap_string("")))))
    search = ldap_search(2, "dc=example,dc=test", 2, usn, ["cn", "uSNChanged"])
    search = ber(0x30, search[2:] + dirsync)   # the same message with the control appended
    modify = ldap_message(3, ber(0x66, ldap_string("cn=CA1,cn=Active Directory Connections,cn=Example Org,"
                                                   "cn=Microsoft Exchange,cn=Services,cn=Configuration,"
                                                   "dc=example,dc=test") +
                                 ber(0x30, ber(0x30, ber(0x0A, b"\x02") +
                                               ber(0x30, ldap_string("msExchServer2HighestUSN") +
                                                   ber(0x31, ldap_string("4712")))))))
    with Pcap(path) as pcap:
        s = TcpSession(pcap, ("192.0.2.40", 49410), (DC, 389)).handshake()       # 1-3
        s.client(ldap_bind(1, "cn=adc,cn=Users,dc=example,dc=test", 0x80, b"P@ssw0rd"))  # 4
        s.server(ldap_result(1, 0x61))                                      # 5
        s.client(search)                                                    # 6
        s.server(ldap_result(2, 0x65))                                      # 7
        s.client(modify)                                                    # 8
        s.server(ldap_result(3, 0x67))                                      # 9
        s.close()                                                           # 10-12
        g = TcpSession(pcap, ("192.0.2.40", 49411), (DC, 3268)).handshake()     # 13-15
        g.client(ldap_search(1, "DC=example,DC=test", 2, ber(0x87, b"proxyAddresses"), ["mail"]))  # 16
        g.server(ldap_result(1, 0x65))                                      # 17
        g.client(ldap_search(2, "CN=Users,DC=example,DC=test", 2, ber(0x87, b"mail")))  # 18: not forest-wide
        g.server(ldap_result(2, 0x65))                                      # 19
        g.close()                                                           # 20-22


def gc_scopes(path):
    """Global Catalog searches at the boundaries of the analysis on 3268: based at
    "" one level deep (not forest-wide) and a whole subtree deep (forest-wide); a
    uSNChanged equality filter (not change tracking) and uSNChanged>= (ADC)."""
    present = ber(0x87, b"objectClass")
    usn_equal = ber(0xA3, ldap_string("uSNChanged") + ldap_string("4711"))
    usn_from = ber(0xA5, ldap_string("uSNChanged") + ldap_string("4711"))
    with Pcap(path) as pcap:
        g = TcpSession(pcap, ("192.0.2.41", 49412), (DC, 3268)).handshake()     # 1-3
        g.client(ldap_search(1, "", 1, present))                           # 4: one level at ""
        g.server(ldap_result(1, 0x65))                                      # 5
        g.client(ldap_search(2, "", 2, present))                           # 6: subtree at ""
        g.server(ldap_result(2, 0x65))                                      # 7
        g.client(ldap_search(3, "DC=example,DC=test", 0, present))         # 8: base object only
        g.server(ldap_result(3, 0x65))                                      # 9
        g.client(ldap_search(4, "CN=Users,DC=example,DC=test", 1, usn_equal))  # 10: uSNChanged=
        g.server(ldap_result(4, 0x65))                                      # 11
        g.client(ldap_search(5, "CN=Users,DC=example,DC=test", 1, usn_from))   # 12: uSNChanged>=
        g.server(ldap_result(5, 0x65))                                      # 13
        g.close()                                                           # 14-16


def ldap_other_port(path):
    """LDAP on 50389, a port no dissector owns: the exch_ldap_tcp heuristic finds it."""
    with Pcap(path) as pcap:
        s = TcpSession(pcap, (CLIENT, 49420), (DC, 50389)).handshake()           # 1-3
        s.client(ldap_bind(1, "cn=reader,dc=example,dc=test", 0x80, b"secret"))  # 4
        s.server(ldap_result(1, 0x61))                                      # 5
        s.client(ldap_message(2, b"\x42\x00"))                               # 6: unbind
        s.close()                                                           # 7-9


CAPTURES = {
    "x400-102.pcap": x400,
    "s7comm-102.pcap": s7,
    "msrpc-135.pcap": msrpc,
    "uls-522.pcap": lambda p: opaque(p, 522, "ULS"),
    "audio-1731.pcap": lambda p: opaque(p, 1731, "audio"),
    "t120-1503.pcap": t120,
    "h323-1720.pcap": h323,
    "h323-call-1720.pcap": h323_call,
    "gryphon-7000.pcap": gryphon_7000,
    "epm-learned-135.pcap": epm_learned,
    "epm-cap-135.pcap": epm_cap,
    "rvp-80.pcap": rvp_session,
    "ircx-6667-7000.pcap": ircx_session,
    "greetings-143-110-119.pcap": greetings,
    "owa-80.pcap": owa,
    "firewall-failures.pcap": firewall_failures,
    "cleartext-auth.pcap": cleartext_auth,
    "cldap-389-udp.pcap": cldap,
    "ports-both.pcap": ports_both,
    "icmp-errors.pcap": icmp_errors,
    "bad-input.pcap": bad_input,
    "xlsa-transfer-25.pcap": xlsa_transfer,
    "xlsa-ms05-021.pcap": xlsa_ms05_021,
    "xlsa-ms05-021-after-mail.pcap": xlsa_ms05_021_after_mail,
    "xlsa-bdat-pipelined.pcap": xlsa_bdat_pipelined,
    "xlsa-out-of-order.pcap": xlsa_out_of_order,
    "xlsa-691.pcap": xlsa_691,
    "xlsa-binary-691.pcap": xlsa_binary,
    "xlsa-heuristic.pcap": xlsa_heuristic,
    "xlsa-heuristic-lower.pcap": xlsa_heuristic_lower,
    "xlsa-multi-25.pcap": xlsa_multi,
    "xlsa-line-limit-691.pcap": xlsa_line_limit,
    "ldap-379-sicily.pcap": sicily,
    "ldap-adc-sync.pcap": adc_sync,
    "ldap-3268-scopes.pcap": gc_scopes,
    "ldap-50389-heuristic.pcap": ldap_other_port,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in CAPTURES.items():
        build(os.path.join(OUT, name))


if __name__ == "__main__":
    main()
