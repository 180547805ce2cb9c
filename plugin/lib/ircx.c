/* ircx.c
 * IRCX commands and numerics in IRC lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ircx.h"

/* draft-pfenning-irc-extensions-04, section 6 (commands new in IRCX) */
static const char *const commands[] = {
    "ACCESS", "AUTH", "CREATE", "DATA", "EVENT", "IRCX", "ISIRCX", "LISTX", "PROP", "REPLY", "REQUEST", "WHISPER",
};

static bool
ircx_command(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strlen(commands[i]) == len && strncasecmp((const char *)p, commands[i], len) == 0)
            return true;
    return false;
}

/* The command of the line p[0, len): its offset and length, 0 when none. */
static size_t
command_of(const uint8_t *p, size_t len, size_t *off)
{
    size_t at = 0, start;

    if (len && p[0] == ':') {                   /* a prefix */
        while (at < len && p[at] != ' ')
            at++;
        while (at < len && p[at] == ' ')
            at++;
    }
    start = at;
    while (at < len && isalnum(p[at]))
        at++;
    *off = start;
    return at - start;
}

size_t
exch_ircx_scan(const uint8_t *p, size_t len, exch_ircx_mark_t *marks, size_t max)
{
    size_t n = 0;

    for (size_t at = 0; at < len && n < max;) {
        const uint8_t *nl = memchr(p + at, '\n', len - at);
        size_t line_end = nl ? (size_t)(nl - p) : len, off, clen = command_of(p + at, line_end - at, &off);
        const uint8_t *c = p + at + off;

        if (clen == 3 && isdigit(c[0]) && isdigit(c[1]) && isdigit(c[2]) && c[0] >= '8')
            marks[n++] = (exch_ircx_mark_t){ at + off, 3, (unsigned)((c[0] - '0') * 100 + (c[1] - '0') * 10 + c[2] - '0') };
        else if (clen && ircx_command(c, clen))
            marks[n++] = (exch_ircx_mark_t){ at + off, clen, 0 };
        at = line_end + 1;
    }
    return n;
}
