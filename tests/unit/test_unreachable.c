/* test_unreachable.c
 * Unit tests of the ICMP destination-unreachable reasons.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "check.h"
#include "unreachable.h"

int
main(void)
{
    /* ICMPv4 type 3: every code of RFC 792/1812, and beyond */
    CHECK(exch_unreachable_reason(false, 3, 0) == EXCH_UNREACHABLE_NET);
    CHECK(exch_unreachable_reason(false, 3, 1) == EXCH_UNREACHABLE_HOST);
    CHECK(exch_unreachable_reason(false, 3, 2) == EXCH_UNREACHABLE_PROTOCOL);
    CHECK(exch_unreachable_reason(false, 3, 3) == EXCH_UNREACHABLE_PORT);
    CHECK(exch_unreachable_reason(false, 3, 4) == EXCH_UNREACHABLE_NONE);       /* path MTU discovery */
    CHECK(exch_unreachable_reason(false, 3, 9) == EXCH_UNREACHABLE_PROHIBITED);
    CHECK(exch_unreachable_reason(false, 3, 10) == EXCH_UNREACHABLE_PROHIBITED);
    CHECK(exch_unreachable_reason(false, 3, 13) == EXCH_UNREACHABLE_PROHIBITED);
    CHECK(exch_unreachable_reason(false, 3, 15) == EXCH_UNREACHABLE_PROHIBITED);
    CHECK(exch_unreachable_reason(false, 3, 16) == EXCH_UNREACHABLE_OTHER);
    CHECK(exch_unreachable_reason(false, 3, 255) == EXCH_UNREACHABLE_OTHER);
    /* other ICMPv4 errors quote packets too, but say nothing about reachability */
    CHECK(exch_unreachable_reason(false, 11, 0) == EXCH_UNREACHABLE_NONE);      /* time exceeded */
    CHECK(exch_unreachable_reason(false, 5, 1) == EXCH_UNREACHABLE_NONE);       /* redirect */
    CHECK(exch_unreachable_reason(false, 1, 3) == EXCH_UNREACHABLE_NONE);       /* ICMPv6's type number */
    /* ICMPv6 type 1: RFC 4443 codes, and beyond */
    CHECK(exch_unreachable_reason(true, 1, 0) == EXCH_UNREACHABLE_NET);
    CHECK(exch_unreachable_reason(true, 1, 1) == EXCH_UNREACHABLE_PROHIBITED);
    CHECK(exch_unreachable_reason(true, 1, 3) == EXCH_UNREACHABLE_HOST);
    CHECK(exch_unreachable_reason(true, 1, 4) == EXCH_UNREACHABLE_PORT);
    CHECK(exch_unreachable_reason(true, 1, 6) == EXCH_UNREACHABLE_PROHIBITED);
    CHECK(exch_unreachable_reason(true, 1, 7) == EXCH_UNREACHABLE_OTHER);
    CHECK(exch_unreachable_reason(true, 3, 0) == EXCH_UNREACHABLE_NONE);        /* time exceeded */
    CHECK(exch_unreachable_reason(true, 3, 3) == EXCH_UNREACHABLE_NONE);        /* ICMPv4's type number */

    CHECK_STR(exch_unreachable_name(EXCH_UNREACHABLE_PORT), "port-unreachable");
    CHECK_STR(exch_unreachable_name(EXCH_UNREACHABLE_PROHIBITED), "admin-prohibited");
    CHECK_STR(exch_unreachable_name(EXCH_UNREACHABLE_OTHER), "unreachable");
    CHECK(exch_unreachable_name(EXCH_UNREACHABLE_NONE) == NULL);
    return CHECK_DONE();
}
