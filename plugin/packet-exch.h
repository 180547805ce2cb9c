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

/* The role the exch postdissector gives the frame's flow, NULL for none. */
const exch_role_t *exch_frame_role(packet_info *pinfo);

#endif /* PACKET_EXCH_H */
