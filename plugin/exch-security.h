/* exch-security.h
 * exch.cleartext_credentials: a password, or an authentication that carries
 * one, in the clear (outside TLS), whichever protocol it is in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_SECURITY_H
#define EXCH_SECURITY_H

#include <epan/packet.h>

#include "lib/credentials.h"

typedef enum {
    EXCH_FINDING_STARTTLS_NOT_USED = 1u << 0,   /* STARTTLS offered, the client went on in the clear */
    EXCH_FINDING_UNAUTHENTICATED_LINK_STATE = 1u << 1   /* X-LINK2STATE before any AUTH or X-EXPS */
} exch_finding_t;

/* In proto_register_exch: the expert infos. */
void exch_credentials_register(int proto_exch);

/* In the handoff: the TLS protocol it looks for. */
void exch_credentials_handoff(void);

/* Whether the frame is carried in TLS (then nothing in it is cleartext). */
gboolean exch_credentials_in_tls(packet_info *pinfo);

/* The expert info on tvb[offset, offset + len), saying what was seen (never the secret). */
void exch_credentials_report(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, int offset, int len,
                             const char *what);

/* Each client line of tvb[0, end) of a text protocol, outside TLS: the expert
 * info on a line that gives credentials away. */
void exch_credentials_check_lines(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, int end,
                                  exch_text_proto_t proto);

/* First pass, for an analysis that knows more than one line (SMTP: not in a
 * message body): the frame gives credentials away (what: a static string). */
void exch_credentials_mark(packet_info *pinfo, const char *what);

/* First pass: the frame shows a finding (outside TLS). */
void exch_security_mark(packet_info *pinfo, exch_finding_t finding);

/* Every pass: the expert infos of what was marked in the frame (the exch postdissector). */
void exch_security_add_marked(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb);

#endif /* EXCH_SECURITY_H */
