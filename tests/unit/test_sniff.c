/* test_sniff.c
 * Unit tests of the content checks for shared ports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "check.h"
#include "sniff.h"

static bool
irc(const char *text)
{
    return exch_looks_like_irc((const uint8_t *)text, strlen(text));
}

static void
test_tpkt(void)
{
    /* X.224 connection request of an RDP/T.125 client: 03 00 00 13 0e e0 ... */
    static const uint8_t cr[] = { 3, 0, 0, 0x13, 0x0e, 0xe0, 0, 0, 0, 0, 0 };
    static const uint8_t len7[] = { 3, 0, 0, 7 }, len6[] = { 3, 0, 0, 6 };
    static const uint8_t version2[] = { 2, 0, 0, 0x13 }, reserved[] = { 3, 1, 0, 0x13 };

    CHECK(exch_looks_like_tpkt(cr, sizeof cr));
    CHECK(exch_looks_like_tpkt(len7, 4) && !exch_looks_like_tpkt(len6, 4));
    CHECK(!exch_looks_like_tpkt(cr, 3) && !exch_looks_like_tpkt(cr, 0));
    CHECK(!exch_looks_like_tpkt(version2, 4) && !exch_looks_like_tpkt(reserved, 4));
    CHECK(!exch_looks_like_tpkt((const uint8_t *)"0\x84\0\0", 4));   /* an LDAP message */
}

static void
test_irc_lines(void)
{
    CHECK(irc("NICK alice\r\nUSER alice 0 * :Alice\r\n"));
    CHECK(irc(":irc.example.test 001 alice :Welcome\r\n"));
    CHECK(irc("PRIVMSG #exchange :gr\xc3\xbc\xc3\x9f dich\n"));
    CHECK(irc("PING :x"));                        /* an unfinished line: the start of a segment */
    CHECK(irc("JOIN #a\r"));                      /* CR at the end of the payload */
    CHECK(!irc("") && !irc(" NICK a\r\n") && !irc("\x01\x02\x00\x10"));
    CHECK(!irc("NICK a\rb\r\n"));                 /* CR not before LF */
    CHECK(!irc("NICK \x7f\r\n") && !irc("NICK \x1b[0m\r\n"));
    CHECK(irc("NICK\ta\r\n"));
}

static void
test_irc_line_limit(void)
{
    char line[EXCH_IRC_LINE_MAX + 3];

    /* a line of exactly 512 bytes, CR-LF included, and one of 513 */
    memset(line, 'A', sizeof line);
    memcpy(line + EXCH_IRC_LINE_MAX - 2, "\r\n", 3);
    CHECK(irc(line));
    memset(line, 'A', sizeof line);
    memcpy(line + EXCH_IRC_LINE_MAX - 1, "\r\n", 3);
    CHECK(!irc(line));
    /* a payload of 512 bytes without LF is an unfinished line; of 513 it is no IRC */
    memset(line, 'A', sizeof line);
    CHECK(exch_looks_like_irc((const uint8_t *)line, EXCH_IRC_LINE_MAX));
    CHECK(!exch_looks_like_irc((const uint8_t *)line, EXCH_IRC_LINE_MAX + 1));
}

int
main(void)
{
    test_tpkt();
    test_irc_lines();
    test_irc_line_limit();
    return CHECK_DONE();
}
