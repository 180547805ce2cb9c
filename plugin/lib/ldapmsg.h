/* ldapmsg.h
 * Just enough of an LDAPMessage (RFC 4511, BER) to say what a directory
 * conversation is: the operation, the bind method, the DN and filter
 * attributes that mark Exchange 5.5 naming and ADC synchronisation, the DirSync
 * control, forest-wide searches. The stock LDAP dissector does the
 * full decoding; this only reads. Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_LDAPMSG_H
#define EXCH_LDAPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LDAP_OID_DIRSYNC "1.2.840.113556.1.4.841"
#define LDAP_FILTER_DEPTH 16   /* deeper filters are not examined */

enum {                         /* protocolOp numbers used here */
    LDAP_OP_BIND_REQUEST = 0,
    LDAP_OP_BIND_RESPONSE = 1,
    LDAP_OP_SEARCH_REQUEST = 3,
    LDAP_OP_SEARCH_ENTRY = 4,
    LDAP_OP_MODIFY_REQUEST = 6,
};

typedef enum {
    LDAP_BIND_NONE,            /* not a bind request */
    LDAP_BIND_ANONYMOUS,       /* simple, empty password (RFC 4513 anonymous or unauthenticated) */
    LDAP_BIND_SIMPLE,          /* simple with a password */
    LDAP_BIND_SASL,
    LDAP_BIND_SICILY,          /* Microsoft's NTLM-in-LDAP: [9] discovery, [10] negotiate, [11] response */
} ldap_bind_t;

typedef struct {
    unsigned op;               /* protocolOp: [APPLICATION op] */
    uint32_t message_id;
    ldap_bind_t bind;
    uint8_t sicily_step;       /* 9, 10 or 11 for a Sicily bind */
    bool exchange55;           /* a DN in Exchange 5.5 naming: o=... with ou= or cn=Configuration/Microsoft DSA/Recipients */
    bool adc_sync;             /* USN-Changed>= filter, or msExchServer1HighestUSN / msExchServer2HighestUSN */
    bool dirsync;              /* the DirSync control */
    bool root_subtree_search;  /* a subtree search based at "" or at a naming context made of dc= only */
    size_t dn_off, dn_len;     /* the DN the message names (bind name, search base, entry, object) */
} ldap_facts_t;

/* Reads the LDAPMessage at the start of data. Returns its length when it is
 * complete and consistent (lengths nest exactly), 0 otherwise. */
size_t ldap_read_message(const uint8_t *data, size_t len, ldap_facts_t *facts);

/* True when a DN uses Exchange 5.5 naming. */
bool ldap_dn_is_exchange55(const uint8_t *dn, size_t len);

/* True for "" and for DNs made only of dc= components. */
bool ldap_dn_is_root_context(const uint8_t *dn, size_t len);

#endif /* EXCH_LDAPMSG_H */
