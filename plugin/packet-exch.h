/* packet-exch.h
 * Registration of the protocols in this plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_EXCH_H
#define PACKET_EXCH_H

#include <epan/packet.h>

#include "lib/roles.h"

void proto_register_exch(void);
void proto_reg_handoff_exch(void);
void proto_register_xlsa(void);
void proto_reg_handoff_xlsa(void);
void proto_register_rvp(void);
void proto_reg_handoff_rvp(void);
void proto_register_ircx(void);
void proto_reg_handoff_ircx(void);

/* The role the exch postdissector gives the frame's flow, NULL for none. */
const exch_role_t *exch_frame_role(packet_info *pinfo);

/* A dissector found a content-decided role's protocol in the frame (RVP on
 * 80): the frame gets that role, with exch.basis == "content", when its flow
 * has the role that shares the port. Called in every pass. */
void exch_note_content_role(packet_info *pinfo, unsigned role);

#endif /* PACKET_EXCH_H */
