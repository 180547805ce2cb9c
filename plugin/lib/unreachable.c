/* unreachable.c
 * ICMP destination unreachable: RFC 792 and RFC 1812 codes (ICMPv4 type 3),
 * RFC 4443 codes (ICMPv6 type 1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>

#include "unreachable.h"

#define ICMP_UNREACH 3
#define ICMP6_DST_UNREACH 1

static const exch_unreachable_t v4_codes[] = {
    EXCH_UNREACHABLE_NET,          /*  0 net unreachable */
    EXCH_UNREACHABLE_HOST,         /*  1 host unreachable */
    EXCH_UNREACHABLE_PROTOCOL,     /*  2 protocol unreachable */
    EXCH_UNREACHABLE_PORT,         /*  3 port unreachable */
    EXCH_UNREACHABLE_NONE,         /*  4 fragmentation needed: path MTU discovery */
    EXCH_UNREACHABLE_OTHER,        /*  5 source route failed */
    EXCH_UNREACHABLE_NET,          /*  6 destination network unknown */
    EXCH_UNREACHABLE_HOST,         /*  7 destination host unknown */
    EXCH_UNREACHABLE_OTHER,        /*  8 source host isolated */
    EXCH_UNREACHABLE_PROHIBITED,   /*  9 network administratively prohibited */
    EXCH_UNREACHABLE_PROHIBITED,   /* 10 host administratively prohibited */
    EXCH_UNREACHABLE_NET,          /* 11 network unreachable for TOS */
    EXCH_UNREACHABLE_HOST,         /* 12 host unreachable for TOS */
    EXCH_UNREACHABLE_PROHIBITED,   /* 13 communication administratively prohibited */
    EXCH_UNREACHABLE_PROHIBITED,   /* 14 host precedence violation */
    EXCH_UNREACHABLE_PROHIBITED,   /* 15 precedence cutoff in effect */
};

static const exch_unreachable_t v6_codes[] = {
    EXCH_UNREACHABLE_NET,          /* 0 no route to destination */
    EXCH_UNREACHABLE_PROHIBITED,   /* 1 communication administratively prohibited */
    EXCH_UNREACHABLE_OTHER,        /* 2 beyond scope of source address */
    EXCH_UNREACHABLE_HOST,         /* 3 address unreachable */
    EXCH_UNREACHABLE_PORT,         /* 4 port unreachable */
    EXCH_UNREACHABLE_PROHIBITED,   /* 5 source address failed ingress/egress policy */
    EXCH_UNREACHABLE_PROHIBITED,   /* 6 reject route to destination */
};

exch_unreachable_t
exch_unreachable_reason(bool v6, uint8_t type, uint8_t code)
{
    if (v6)
        return type != ICMP6_DST_UNREACH ? EXCH_UNREACHABLE_NONE
               : code < sizeof v6_codes / sizeof v6_codes[0] ? v6_codes[code] : EXCH_UNREACHABLE_OTHER;
    return type != ICMP_UNREACH ? EXCH_UNREACHABLE_NONE
           : code < sizeof v4_codes / sizeof v4_codes[0] ? v4_codes[code] : EXCH_UNREACHABLE_OTHER;
}

const char *
exch_unreachable_name(exch_unreachable_t reason)
{
    static const char *const names[EXCH_UNREACHABLE_REASONS] = {
        "net-unreachable", "host-unreachable", "protocol-unreachable", "port-unreachable", "admin-prohibited",
        "unreachable",
    };

    return reason < EXCH_UNREACHABLE_REASONS ? names[reason] : NULL;
}
