/* exch-guard.h
 * A stock dissector on a seed port that another protocol also uses (IRC on
 * 7000, which stock Wireshark gives to Gryphon; TPKT on 1503, where a client
 * port of another service may sit): a guard on the port hands each TCP
 * connection, by the content of its first payload, to the stock dissector or
 * else to the port's previous owner (or, when there was none, back to TCP,
 * which then tries the other port and its heuristics).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_GUARD_H
#define EXCH_GUARD_H

#include <epan/packet.h>

/* In proto_register_exch. */
void exch_guard_register(int proto_exch);

/* Whether a dissector (of IRC's or TPKT's protocol) goes on a role's ports
 * behind a guard. */
gboolean exch_guard_needed(dissector_handle_t handle);

/* Puts a guard for the stock handle on a TCP port, keeping the port's owner;
 * a port the stock handle owns already stays as it is. */
void exch_guard_add(guint32 port, dissector_handle_t stock);

/* Takes the guard off and gives the port back to its previous owner. */
void exch_guard_remove(guint32 port);

#endif /* EXCH_GUARD_H */
