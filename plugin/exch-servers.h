/* exch-servers.h
 * What the capture has shown about each server, kept for the whole capture
 * with a hard cap (lib/servertab.h): e.g. an SMTP bridgehead of Exchange.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_SERVERS_H
#define EXCH_SERVERS_H

#include <epan/address.h>
#include <epan/expert.h>

#include "lib/servertab.h"

/* A server fact not kept: the table is full. Registered by the exch protocol. */
extern expert_field ei_exch_servers_capped;

/* Registers the table's reset at each new capture, and its expert info. */
void exch_servers_register(int proto_exch);

/* An IPv4 or IPv6 address: what the capture-wide tables key on. */
gboolean exch_is_ip_address(const address *addr);

/* Adds facts (EXCH_SERVER_*) that a frame showed to a server; false when the
 * table is full. */
gboolean exch_servers_note(const address *addr, guint16 port, guint32 facts, guint32 frame);

#endif /* EXCH_SERVERS_H */
