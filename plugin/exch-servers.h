/* exch-servers.h
 * What the capture has shown about each server, kept for the whole capture
 * with a hard cap (lib/servertab.h): e.g. an SMTP bridgehead of Exchange.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_SERVERS_H
#define EXCH_SERVERS_H

#include <epan/address.h>

#include "lib/servertab.h"

/* Registers the table's reset at each new capture. */
void exch_servers_register(void);

/* Adds facts (EXCH_SERVER_*) to a server; false when the table is full. */
gboolean exch_servers_note(const address *addr, guint16 port, guint32 facts);

/* The facts known about a server, 0 when none. */
guint32 exch_servers_facts(const address *addr, guint16 port);

#endif /* EXCH_SERVERS_H */
