#!/usr/bin/python3
"""Minimal IRC client session, one CRLF-terminated line per send().

usage: irc_client.py HOST PORT [--tls KEYLOGFILE]

Sends:  NICK alice / USER alice 0 * :Alice, waits for 376 (end of MOTD) or
422 (no MOTD), then JOIN #exchange, waits for 366 (end of NAMES), then
PRIVMSG #exchange :hello and QUIT :bye, and reads until the server closes.
With --tls the connection is TLS (no certificate verification) and the TLS
secrets are written to KEYLOGFILE (NSS key log format).
Echoes the exchange to stdout ("C:" / "S:"). Python 3 standard library only.
"""
import socket
import ssl
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    sock = socket.create_connection((host, port), timeout=10)
    if len(sys.argv) > 4 and sys.argv[3] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.keylog_filename = sys.argv[4]
        sock = ctx.wrap_socket(sock, server_hostname=None)
    f = sock.makefile("rb")

    def send(line):
        print("C: " + line, flush=True)
        sock.sendall(line.encode() + b"\r\n")

    def wait_for(*codes):
        while True:
            raw = f.readline()
            if not raw:
                return None
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            print("S: " + line, flush=True)
            parts = line.split()
            if parts and parts[0] == "PING":
                send("PONG " + " ".join(parts[1:]))
            elif len(parts) > 1 and parts[1] in codes:
                return parts[1]

    send("NICK alice")
    send("USER alice 0 * :Alice")
    wait_for("376", "422")
    send("JOIN #exchange")
    wait_for("366")
    send("PRIVMSG #exchange :hello")
    send("QUIT :bye")
    wait_for()          # read until the server closes the connection
    sock.close()


if __name__ == "__main__":
    main()
