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

exch_side_t
exch_server_side(bool src_has_role, bool dst_has_role,
                 uint16_t srcport, uint16_t dstport, uint16_t syn_server_port)
{
    if (!src_has_role && !dst_has_role)
        return EXCH_SIDE_NONE;
    if (src_has_role != dst_has_role)
        return src_has_role ? EXCH_SIDE_SRC : EXCH_SIDE_DST;
    if (srcport == dstport)
        return EXCH_SIDE_DST;
    if (syn_server_port == srcport)
        return EXCH_SIDE_SRC;
    if (syn_server_port == dstport)
        return EXCH_SIDE_DST;
    return srcport < dstport ? EXCH_SIDE_SRC : EXCH_SIDE_DST;
}
