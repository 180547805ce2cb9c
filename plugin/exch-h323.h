/* exch-h323.h
 * The H.245 connections and RTP/RTCP streams of H.323 calls, followed as
 * learned endpoints of the h323 role from the conversations the stock H.225
 * and H.245 dissectors set up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_H323_H
#define EXCH_H323_H

#include <epan/packet.h>

#include "lib/endpoints.h"
#include "lib/roles.h"

/* In proto_register_exch: the reset per capture. */
void exch_h323_register(void);

/* In the handoff: the stock dissector and protocols whose state it reads. */
void exch_h323_handoff(void);

/* A frame was labelled with this role: a call on an h323 port turns on the
 * search for the connections it negotiates. */
void exch_h323_saw_call(unsigned role);

/* First pass: when the frame's flow belongs to an H.245 or media conversation
 * that the stock dissectors set up from a call, records its announced end as a
 * learned endpoint (exch_learned_adopt) and returns TRUE. */
gboolean exch_h323_adopt(packet_info *pinfo, exch_transport_t transport);

#endif /* EXCH_H323_H */
