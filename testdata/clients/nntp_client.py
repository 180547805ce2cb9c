#!/usr/bin/python3
"""NNTP session with Python's nntplib: connect, getwelcome(), list(), quit().

usage: nntp_client.py HOST PORT [--tls KEYLOGFILE]

With --tls it uses nntplib.NNTP_SSL (implicit TLS) with an SSLContext that
does not verify the server and writes the TLS secrets to KEYLOGFILE (NSS key
log format). nntplib itself sends CAPABILITIES right after the greeting.
Python 3 standard library only (nntplib is deprecated since 3.11, removed in
3.13; Debian 12 has 3.11).
"""
import ssl
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import nntplib  # noqa: E402


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    if len(sys.argv) > 4 and sys.argv[3] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.keylog_filename = sys.argv[4]
        s = nntplib.NNTP_SSL(host, port, ssl_context=ctx, timeout=10)
    else:
        s = nntplib.NNTP(host, port, timeout=10)
    print("welcome:", s.getwelcome())
    resp, groups = s.list()
    print("list:", resp, groups)
    print("quit:", s.quit())


if __name__ == "__main__":
    main()
