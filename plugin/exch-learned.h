/* exch-learned.h
 * Endpoints that the traffic announces — the ports the endpoint mapper hands
 * out (exch-epm.c), RVP callbacks (packet-rvp.c), H.245 and media addresses
 * of H.323 calls (exch-h323.c) — all kept the same way for the capture
 * (lib/endpoints.h): server address, transport, port -> role and announcing
 * frame. The connections to them are labelled
 * with that role and exch.basis == "learned": on a first pass from the first
 * frame after the announcement that reaches the endpoint, on a later pass
 * (tshark -2, the GUI) every frame of such a connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_LEARNED_H
#define EXCH_LEARNED_H

#include <epan/packet.h>
#include <epan/conversation.h>

#include "lib/endpoints.h"
#include "lib/roles.h"

/* In proto_register_exch: fields, expert infos, the reset per capture. */
void exch_learned_register(int proto_exch);

/* Records on the first pass an endpoint announced in this frame; the entry,
 * or NULL when it is not kept (the table is full, port 0, not an IP address:
 * the frame then gets an expert info). */
exch_endpoint_t *exch_learned_announce(packet_info *pinfo, const address *server, exch_transport_t transport,
                                       guint16 port, unsigned role);

/* The same for an endpoint that a stock dissector announced in an earlier
 * frame and that is recognised only now (an H.245 address of H.225, an RTP
 * stream of H.245: exch-h323.c). */
exch_endpoint_t *exch_learned_adopt(packet_info *pinfo, const address *server, exch_transport_t transport,
                                    guint16 port, unsigned role, guint32 announcing_frame);

/* Codes of the dissectors that a learned endpoint's connections are handed to
 * (exch_endpoint_t.follow). */
enum { EXCH_FOLLOW_NONE, EXCH_FOLLOW_RVP, EXCH_FOLLOW_CODES };

/* Hands the connections to endpoints announced with this code to a dissector,
 * from their first frame after the announcement on (conversation_set_dissector). */
void exch_learned_follow_with(guint8 code, dissector_handle_t handle);

/* What an announcing dissector found wrong in the frame, for its expert infos:
 * towers whose floors do not fit, towers beyond a PDU's cap. */
void exch_learned_note_odd(packet_info *pinfo, guint odd, guint skipped);

/* The learned endpoint the frame's flow goes to or comes from, NULL when none;
 * *to_server says which. conv is the frame's conversation (may be NULL). */
const exch_endpoint_t *exch_learned_flow(packet_info *pinfo, exch_transport_t transport, conversation_t *conv,
                                         gboolean *to_server);

/* exch.learned_in and the RPC interfaces of a frame of a learned connection. */
void exch_learned_add_tree(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo, const exch_endpoint_t *e);

/* The endpoints the frame announced, the connections they caused, and the
 * expert infos of the announcement (also without a tree). */
void exch_learned_add_announced(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo);

#endif /* EXCH_LEARNED_H */
