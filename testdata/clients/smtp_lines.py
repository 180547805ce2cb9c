#!/usr/bin/python3
"""Send exact SMTP command lines, one line per send(), each followed by CRLF.

usage: smtp_lines.py HOST PORT LINE [LINE ...]

Reads the greeting first, then after every line waits for the server's
complete reply (the last line of a reply has a space after the 3-digit code)
before sending the next line. After the last line it reads until the server
closes the connection. Everything is echoed to stdout ("C:" / "S:").
Python 3 standard library only.
"""
import socket
import sys


def read_reply(f):
    lines = []
    while True:
        line = f.readline()
        if not line:
            break
        lines.append(line)
        print("S: " + line.decode("utf-8", "replace").rstrip("\r\n"), flush=True)
        if len(line) >= 4 and line[:3].isdigit() and line[3:4] == b" ":
            break
    return lines


def main():
    host, port, cmds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    s = socket.create_connection((host, port), timeout=10)
    f = s.makefile("rb")
    read_reply(f)
    for cmd in cmds:
        print("C: " + cmd, flush=True)
        s.sendall(cmd.encode("utf-8") + b"\r\n")
        read_reply(f)
    # wait for the server to close (it does after QUIT)
    while f.read(4096):
        pass
    s.close()


if __name__ == "__main__":
    main()
