/* sniff.c
 * Content checks for ports two protocols share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <ctype.h>

#include "sniff.h"

#define TPKT_MIN_LENGTH 7   /* 4 octets of header, X.224 LI, code and one more */

bool
exch_looks_like_tpkt(const uint8_t *p, size_t len)
{
    return len >= 4 && p[0] == 3 && p[1] == 0 && ((unsigned)p[2] << 8 | p[3]) >= TPKT_MIN_LENGTH;
}

static bool
irc_text_byte(uint8_t c)
{
    /* bytes >= 0x80 are the UTF-8 or Latin-1 of message text */
    return c >= 0x20 ? c != 0x7f : c == '\t';
}

bool
exch_looks_like_irc(const uint8_t *p, size_t len)
{
    size_t n = len < EXCH_IRC_LINE_MAX ? len : EXCH_IRC_LINE_MAX;

    if (n == 0 || !(p[0] == ':' || isalpha(p[0]) || isdigit(p[0])))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n')
            return true;
        if (p[i] == '\r' ? i + 1 < n && p[i + 1] != '\n' : !irc_text_byte(p[i]))
            return false;
    }
    return len <= EXCH_IRC_LINE_MAX;   /* the whole payload is one unfinished line */
}
