/* addrset.h
 * A set of IPv4 and IPv6 addresses and CIDR blocks, parsed from the text of a
 * preference ("192.0.2.10, 10.1.0.0/16 2001:db8::/32"). Fixed capacity. Pure C,
 * no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_ADDRSET_H
#define EXCH_ADDRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_ADDRSET_MAX 1024             /* entries kept; more is an error */

typedef struct {
    uint8_t addr[16];                     /* IPv4 in the first 4 bytes, host bits cleared */
    uint8_t len;                          /* 4 or 16 */
    uint8_t prefix;                       /* 0-32 or 0-128 */
} exch_cidr_t;

typedef struct {
    exch_cidr_t entry[EXCH_ADDRSET_MAX];
    unsigned count;
} exch_addrset_t;

/* Parses text: addresses and CIDR blocks separated by commas, semicolons or
 * white space. Entries that parse are kept even when others do not. Returns
 * true when every entry parsed and fitted; otherwise false, with the first
 * problem written to err (err_len bytes, NUL-terminated). */
bool exch_addrset_parse(exch_addrset_t *set, const char *text, char *err, size_t err_len);

/* True when addr (addr_len 4 or 16 bytes) is in one of the set's blocks. */
bool exch_addrset_contains(const exch_addrset_t *set, const uint8_t *addr, size_t addr_len);

#endif /* EXCH_ADDRSET_H */
