/* exch-roles.h
 * The ports of each role: one range preference per port role
 * (exch.<role>_<transport>_ports), the port map built from them, and the
 * dissectors that follow a role's ports (the role table's dissector column:
 * xlsa on the lsa ports, exch_ldap on the srs, ldap-alt and gc-ssl ports,
 * exch_epm on the msrpc ports, TPKT on the t120 ports, IRC with the IRCX
 * analysis on the irc ports and after TLS on the irc-ssl ports, the stock NNTP
 * after TLS on the nntp-ssl ports), so that a role's ports are set in one place.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_ROLES_MODULE_H
#define EXCH_ROLES_MODULE_H

#include <epan/packet.h>
#include <epan/prefs.h>

#include "lib/roles.h"

/* Port -> role, rebuilt whenever the preferences change. */
extern exch_portmap_t exch_port_roles;

/* In proto_register_exch: the preferences, and the map from their defaults. */
void exch_roles_register(module_t *module);

/* The exch module's preference callback: rebuilds the map and moves the
 * followers to their roles' new ports. */
void exch_roles_apply(void);

/* In a handoff: puts each role's dissector on the role's ports, in the
 * transport's port table, or for a secure role in "tls.port" with TLS on those
 * TCP ports. A port another dissector owns keeps its owner. */
void exch_roles_handoff(void);

/* A dissector by name, or else the stock handle on TCP ports whose protocol
 * has that filter name (IRC registers no named dissector). */
dissector_handle_t exch_dissector_by_name(const char *name);

#endif /* EXCH_ROLES_MODULE_H */
