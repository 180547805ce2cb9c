/* exch-evidence.h
 * Which hosts are Exchange servers, from what the traffic shows (lib/evidence.h):
 * the dissectors that see a sign note it for the host, and every labelled frame
 * shows what is known of its server up to that frame (exch.host.*).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_EVIDENCE_MODULE_H
#define EXCH_EVIDENCE_MODULE_H

#include <epan/packet.h>

#include "lib/evidence.h"

/* In proto_register_exch: the exch.host fields. */
void exch_evidence_register(int proto_exch);

/* First pass: the frame shows this evidence about the host. */
void exch_evidence_note(packet_info *pinfo, const address *host, exch_evidence_kind_t kind);

/* The kinds of evidence (bits 1 << kind) frames up to this one showed about a server. */
guint32 exch_evidence_shown(const address *server, guint32 frame);

/* Whether some of those kinds is strong. */
gboolean exch_evidence_strong(guint32 shown);

/* The expert info of a frame whose evidence the full table could not keep
 * (also without a tree). */
void exch_evidence_add_capped(proto_tree *exch_tree, packet_info *pinfo, tvbuff_t *tvb);

/* exch.host.* of the frame's server: the evidence that frames up to this one showed. */
void exch_evidence_add_tree(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo, const address *server);

#endif /* EXCH_EVIDENCE_MODULE_H */
