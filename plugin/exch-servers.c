/* exch-servers.c
 * The capture-wide table of per-server facts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "exch-servers.h"

static exch_servertab_t servers;

expert_field ei_exch_servers_capped = EI_INIT;

static void
servers_init(void)
{
    exch_servertab_clear(&servers);
}

void
exch_servers_register(int proto_exch)
{
    static ei_register_info ei[] = {
        { &ei_exch_servers_capped, { "exch.servers_capped", PI_PROTOCOL, PI_NOTE,
            "Server fact not kept for the capture: 4,096 servers are known already", EXPFILL } },
    };

    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));
    register_init_routine(servers_init);
}

gboolean
exch_is_ip_address(const address *addr)
{
    return (addr->type == AT_IPv4 && addr->len == 4) || (addr->type == AT_IPv6 && addr->len == 16);
}

gboolean
exch_servers_note(const address *addr, guint16 port, guint32 facts, guint32 frame)
{
    return exch_is_ip_address(addr) &&
           exch_servertab_note(&servers, (const uint8_t *)addr->data, (size_t)addr->len, port, facts, frame);
}
