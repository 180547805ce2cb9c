/* dnsmsg.h
 * The header and first question of a DNS message, and whether its name is
 * one that Active Directory and Exchange clients look up to find their
 * servers (the DC locator's SRV records, _msdcs, RVP). Pure C, no Wireshark
 * types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_DNSMSG_H
#define EXCH_DNSMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_DNS_NAME_MAX 255          /* RFC 1035: a name's presentation fits in 255 bytes with its dots */

typedef struct {
    uint16_t id;
    bool response;
    uint8_t rcode;
    uint16_t qtype;
    char name[EXCH_DNS_NAME_MAX + 1];  /* the first question's name, dotted, without the final dot */
} exch_dns_msg_t;

/* The header and the first question (no compression pointers in it, as
 * senders write it); false when the message holds no whole question. */
bool exch_dns_parse(const uint8_t *msg, size_t len, exch_dns_msg_t *out);

/* A locator name: _ldap._tcp…, _gc._tcp…, _kerberos…, _kpasswd…, _rvp._tcp…,
 * or any name with an _msdcs label (ASCII case ignored). */
bool exch_dns_locator(const char *name);

/* SERVFAIL, NXDOMAIN or REFUSED: the name could not be resolved. */
const char *exch_dns_failure_name(uint8_t rcode);

#endif /* EXCH_DNSMSG_H */
