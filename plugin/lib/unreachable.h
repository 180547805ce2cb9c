/* unreachable.h
 * Which ICMP and ICMPv6 errors say that an attempt could not reach its
 * destination: destination unreachable, except "fragmentation needed" (ICMPv4
 * code 4), which is path MTU discovery at work, not a blocked port.
 * Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_UNREACHABLE_H
#define EXCH_UNREACHABLE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    EXCH_UNREACHABLE_NET,          /* no route */
    EXCH_UNREACHABLE_HOST,         /* host or address unreachable */
    EXCH_UNREACHABLE_PROTOCOL,
    EXCH_UNREACHABLE_PORT,         /* nothing listens: the host itself answered */
    EXCH_UNREACHABLE_PROHIBITED,   /* a filter: administratively prohibited, policy, reject route */
    EXCH_UNREACHABLE_OTHER,        /* another code of destination unreachable */
    EXCH_UNREACHABLE_REASONS,
    EXCH_UNREACHABLE_NONE = EXCH_UNREACHABLE_REASONS   /* not a destination unreachable */
} exch_unreachable_t;

/* The reason an ICMP (v6 false) or ICMPv6 (v6 true) message of this type and
 * code gives, or EXCH_UNREACHABLE_NONE. */
exch_unreachable_t exch_unreachable_reason(bool v6, uint8_t type, uint8_t code);

/* "net-unreachable", "host-unreachable", "protocol-unreachable",
 * "port-unreachable", "admin-prohibited", "unreachable"; NULL for NONE. */
const char *exch_unreachable_name(exch_unreachable_t reason);

#endif /* EXCH_UNREACHABLE_H */
