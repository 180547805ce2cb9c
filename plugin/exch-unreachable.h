/* exch-unreachable.h
 * ICMP and ICMPv6 destination-unreachable errors that quote an attempt on an
 * Exchange endpoint: a filter or a host said no. The expert info
 * exch.unreachable on the error, and what the firewall report counts as
 * blocked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_UNREACHABLE_PLUGIN_H
#define EXCH_UNREACHABLE_PLUGIN_H

#include <epan/packet.h>

#include "lib/roles.h"
#include "lib/unreachable.h"

/* A destination unreachable in the frame: who sent it, why, and the attempt
 * it quotes, read from the quoted headers (after the ICMP dissector, pinfo
 * has the error's own addresses again, and from 4.4 its own ports). */
typedef struct {
    address sender;
    address attempt_src, attempt_dst;
    port_type attempt_ptype;         /* PT_TCP or PT_UDP */
    guint32 attempt_srcport, attempt_destport;
    exch_unreachable_t reason;
} exch_unreachable_info_t;

/* In proto_register_exch: the fields and the expert info. */
void exch_unreachable_register(int proto_exch);

/* In the handoff: beside the stock ICMP and ICMPv6 dissectors. */
void exch_unreachable_handoff(void);

/* The frame's (outermost) destination unreachable, NULL when none; a bool
 * test only until the capture has one. */
const exch_unreachable_info_t *exch_unreachable_of(packet_info *pinfo);

/* The item and expert info on the error; to_server: whether the attempt went
 * to the role's server. */
void exch_unreachable_add_tree(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                               const exch_unreachable_info_t *error, const exch_role_t *role, gboolean to_server);

#endif /* EXCH_UNREACHABLE_PLUGIN_H */
