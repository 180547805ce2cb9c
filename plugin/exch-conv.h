/* exch-conv.h
 * What the exch protocol keeps per connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_CONV_H
#define EXCH_CONV_H

#include <epan/conversation.h>
#include <epan/packet.h>
#include <epan/wmem_scopes.h>

#include "lib/epm.h"

#define EXCH_BIND_CHANGES 64   /* binds remembered per connection; later ones are not */

/* Keys of what the exch protocol keeps per frame (p_add_proto_data). */
enum {
    EXCH_FRAME_DIRECTORY = 1,  /* exch-directory.c: the frame's directory facts */
    EXCH_FRAME_CONTENT_ROLE,   /* packet-exch.c, packet scope: a role found by content, + 1 */
    EXCH_FRAME_SECURITY,       /* exch-security.c: the findings the first pass marked in the frame */
    EXCH_FRAME_HOSTS_CAPPED,   /* exch-evidence.c: the frame's evidence was not kept (the table is full) */
    EXCH_FRAME_UNREACHABLE,    /* exch-unreachable.c, packet scope: the frame's ICMP destination unreachable */
    EXCH_FRAME_DNS_QUERY       /* exch-dns.c: the locator query the frame asked */
};

/* What the guard of a shared port chose for the connection (exch-guard.h). */
typedef enum {
    EXCH_GUARD_UNDECIDED,
    EXCH_GUARD_STOCK,          /* the role's stock dissector */
    EXCH_GUARD_OTHER           /* the port's previous owner, or none */
} exch_guard_choice_t;

typedef struct {
    gboolean vetoed;           /* a protocol of the role's "unless" list appeared */
    gboolean found_by_heuristic; /* LDAP found on a port without a role */
    guint32 tls_since;         /* the first frame carried in TLS, 0 = none yet */
    wmem_tree_t *binds;        /* frame -> ldap_bind_t of each bind request */
    guint nbinds;
    exch_guard_choice_t guard;
    const struct exch_endpoint_s *learned; /* the learned endpoint the connection goes to (exch-learned.h) */
    exch_epm_carry_t *epm_carry; /* an endpoint mapper connection: what a fragment left (exch-epm.c) */
    gboolean starttls_offered;   /* IMAP, POP3: the server offered STARTTLS (exch-greetings.c) */
    gboolean starttls_reported;  /* ... and a login in the clear after it was reported */
} exch_conv_t;

/* Sets the protocol that owns the data. */
void exch_conv_register(int proto);

/* The frame's conversation, as find_conversation_pinfo() finds it, through a
 * cache for TCP and UDP frames on the first pass; NULL when there is none. */
conversation_t *exch_conversation(packet_info *pinfo);

/* A conversation's data, NULL when there is none (or no conversation). */
exch_conv_t *exch_conv_of(conversation_t *conv);

/* A conversation's data, created when missing (first pass only). */
exch_conv_t *exch_conv_attach(conversation_t *conv);

/* The connection's data, NULL when there is none. */
exch_conv_t *exch_conv_find(packet_info *pinfo);

/* The connection's data, created when missing (first pass only). */
exch_conv_t *exch_conv_get(packet_info *pinfo);

/* Whether the connection carries TLS at this frame: from the first frame
 * carried in TLS on (noted on the first pass, so that every pass answers
 * alike, TCP acknowledgements and segments of a reassembled record included). */
gboolean exch_conv_in_tls(exch_conv_t *data, packet_info *pinfo, gboolean over_tls);

#endif /* EXCH_CONV_H */
