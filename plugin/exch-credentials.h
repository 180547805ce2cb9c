/* exch-credentials.h
 * exch.cleartext_credentials: a password, or an authentication that carries
 * one, in the clear (outside TLS), whichever protocol it is in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_CREDENTIALS_MODULE_H
#define EXCH_CREDENTIALS_MODULE_H

#include <epan/packet.h>

#include "lib/credentials.h"

/* In proto_register_exch: the expert info. */
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

/* Every pass: the expert info of a marked frame (the exch postdissector). */
void exch_credentials_add_marked(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb);

#endif /* EXCH_CREDENTIALS_MODULE_H */
