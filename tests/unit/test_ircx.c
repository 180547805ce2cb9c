/* test_ircx.c
 * Unit tests of the IRCX marks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "check.h"
#include "ircx.h"

static size_t
scan(const char *text, exch_ircx_mark_t *marks, size_t max)
{
    return exch_ircx_scan((const uint8_t *)text, strlen(text), marks, max);
}

int
main(void)
{
    exch_ircx_mark_t m[EXCH_IRCX_MARKS_MAX + 1];
    static const char session[] =
        "IRCX\r\n"
        ":chat.example.test 800 alice 1 0 ANON,NTLM 512 *\r\n"
        "PROP #exchange TOPIC :hello\r\n"
        "whisper #exchange bob :psst\r\n"
        ":alice!a@h PRIVMSG #exchange :IRCX is not a command here\r\n"
        ":chat.example.test 913 alice #x :No access\r\n"
        ":chat.example.test 001 alice :Welcome\r\n"
        "NOTICE AUTH :*** Looking up your hostname\r\n"
        "DATA #exchange bob TAG :x";

    CHECK(scan(session, m, EXCH_IRCX_MARKS_MAX) == 6);
    CHECK(m[0].numeric == 0 && m[0].off == 0 && m[0].len == 4);
    CHECK(m[1].numeric == 800 && memcmp(session + m[1].off, "800", 3) == 0);
    CHECK(m[2].numeric == 0 && memcmp(session + m[2].off, "PROP", 4) == 0);
    CHECK(m[3].numeric == 0 && memcmp(session + m[3].off, "whisper", 7) == 0);
    CHECK(m[4].numeric == 913);
    CHECK(m[5].numeric == 0 && memcmp(session + m[5].off, "DATA", 4) == 0);  /* an unfinished last line */
    /* the cap: 32 lines give 32 marks; of 33, the 33rd is not reported */
    {
        static char many[(EXCH_IRCX_MARKS_MAX + 1) * 6 + 1];
        for (int i = 0; i <= EXCH_IRCX_MARKS_MAX; i++)
            memcpy(many + 6 * i, "IRCX\r\n", 6);
        CHECK(exch_ircx_scan((const uint8_t *)many, EXCH_IRCX_MARKS_MAX * 6, m, EXCH_IRCX_MARKS_MAX) ==
              EXCH_IRCX_MARKS_MAX && m[EXCH_IRCX_MARKS_MAX - 1].off == (EXCH_IRCX_MARKS_MAX - 1) * 6);
        CHECK(scan(many, m, EXCH_IRCX_MARKS_MAX) == EXCH_IRCX_MARKS_MAX &&
              m[EXCH_IRCX_MARKS_MAX - 1].off == (EXCH_IRCX_MARKS_MAX - 1) * 6);
    }
    CHECK(scan("", m, 4) == 0 && scan(":prefix-only", m, 4) == 0 && scan("799 x\r\n1000 x\r\n", m, 4) == 0);
    CHECK(scan("DATA", m, 4) == 1 && scan("DATAX x", m, 4) == 0);
    return CHECK_DONE();
}
