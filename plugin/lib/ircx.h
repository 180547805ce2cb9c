/* ircx.h
 * IRCX, Microsoft's extension of IRC that the Exchange 2000 Chat Service
 * speaks (draft-pfenning-irc-extensions-04): its commands and its 800-series
 * numerics (800-899 replies, 900-999 errors), found in the lines of IRC text.
 * Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_IRCX_H
#define EXCH_IRCX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_IRCX_MARKS_MAX 32           /* IRCX commands and numerics reported per payload */

typedef struct {
    size_t off, len;                     /* the command or numeric in the payload */
    unsigned numeric;                    /* 800-999 for a numeric, 0 for a command */
} exch_ircx_mark_t;

/* The IRCX commands and numerics in the command position of the payload's
 * lines (after an optional :prefix); at most max. Returns how many. */
size_t exch_ircx_scan(const uint8_t *p, size_t len, exch_ircx_mark_t *marks, size_t max);

#endif /* EXCH_IRCX_H */
