/* portmap.c
 * Port → role lookup and the choice of the server side of a flow.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "roles.h"

void
exch_portmap_clear(exch_portmap_t *map)
{
    memset(map, 0, sizeof *map);
}

bool
exch_portmap_claim(exch_portmap_t *map, exch_transport_t transport,
                   uint16_t port, unsigned role_index)
{
    if (role_index >= exch_role_count || role_index >= UINT8_MAX)
        return false;
    if (exch_roles[role_index].match != EXCH_MATCH_PORT ||
        exch_roles[role_index].transport != transport)
        return false;
    if (map->slot[transport][port] != EXCH_PORTMAP_NONE)
        return false;
    map->slot[transport][port] = (uint8_t)(role_index + 1);
    return true;
}

bool
exch_port_may_be_client(uint16_t port)
{
    return port >= 1024 && (port <= 5000 || port >= 10000);
}

/* Without a SYN: the facts the port numbers give. */
static exch_side_t
likely_server(bool src_has_role, bool dst_has_role, uint16_t srcport, uint16_t dstport)
{
    bool src_client = exch_port_may_be_client(srcport), dst_client = exch_port_may_be_client(dstport);

    if (src_client != dst_client)
        return src_client ? EXCH_SIDE_DST : EXCH_SIDE_SRC;
    if (src_has_role && dst_has_role)
        return srcport < dstport ? EXCH_SIDE_SRC : EXCH_SIDE_DST;
    return src_has_role ? EXCH_SIDE_SRC : EXCH_SIDE_DST;
}

exch_side_t
exch_server_side(bool src_has_role, bool dst_has_role,
                 uint16_t srcport, uint16_t dstport, uint16_t syn_server_port)
{
    exch_side_t side;

    if (!src_has_role && !dst_has_role)
        return EXCH_SIDE_NONE;
    if (srcport == dstport)
        side = EXCH_SIDE_DST;
    else if (syn_server_port != 0 && (syn_server_port == srcport || syn_server_port == dstport))
        side = syn_server_port == srcport ? EXCH_SIDE_SRC : EXCH_SIDE_DST;
    else
        side = likely_server(src_has_role, dst_has_role, srcport, dstport);
    return (side == EXCH_SIDE_SRC ? src_has_role : dst_has_role) ? side : EXCH_SIDE_NONE;
}
