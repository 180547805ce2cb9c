/* sniff.h
 * Content checks for ports two protocols share: does a TCP payload start the
 * way the role's protocol starts? Pure functions over bytes, no Wireshark
 * types, so that they are unit-tested and fuzzed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_SNIFF_H
#define EXCH_SNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_IRC_LINE_MAX 512   /* RFC 2812 2.3: a message, CR-LF included */

/* A TPKT header (RFC 1006: version 3, reserved 0, a length that holds at
 * least the header and an X.224 length indicator, code and one octet). */
bool exch_looks_like_tpkt(const uint8_t *p, size_t len);

/* IRC text: a first line of at most EXCH_IRC_LINE_MAX bytes (or all of a
 * shorter payload) that opens with a prefix (':'), a command letter or a
 * numeric digit, and holds no control character but CR before LF and tab. */
bool exch_looks_like_irc(const uint8_t *p, size_t len);

#endif /* EXCH_SNIFF_H */
