/* packet-exch.h
 * Registration of the protocols in this plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_EXCH_H
#define PACKET_EXCH_H

void proto_register_exch(void);
void proto_reg_handoff_exch(void);
void proto_register_xlsa(void);
void proto_reg_handoff_xlsa(void);

#endif /* PACKET_EXCH_H */
