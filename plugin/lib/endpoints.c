/* endpoints.c
 * The learned endpoints' open-addressing table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "endpoints.h"

static unsigned
first_slot(const uint8_t *addr, size_t addr_len, unsigned transport, uint16_t port)
{
    uint32_t h = 2166136261u ^ (port | transport << 16);     /* FNV-1a */

    for (size_t i = 0; i < addr_len; i++)
        h = (h ^ addr[i]) * 16777619u;
    return h & (EXCH_ENDPOINT_SLOTS - 1);
}

static bool
same_endpoint(const exch_endpoint_t *e, const uint8_t *addr, size_t addr_len, unsigned transport, uint16_t port)
{
    return e->addr_len == addr_len && e->port == port && e->transport == transport &&
           memcmp(e->addr, addr, addr_len) == 0;
}

/* The endpoint's slot, or the free slot where it would go; the table is never
 * more than half full, so there always is one. */
static exch_endpoint_t *
find_slot(const exch_endpoints_t *t, const uint8_t *addr, size_t addr_len, unsigned transport, uint16_t port)
{
    unsigned slot = first_slot(addr, addr_len, transport, port);

    for (;; slot = (slot + 1) & (EXCH_ENDPOINT_SLOTS - 1)) {
        exch_endpoint_t *e = &t->slot[slot];
        if (e->addr_len == 0 || same_endpoint(e, addr, addr_len, transport, port))
            return e;
    }
}

void
exch_endpoints_clear(exch_endpoints_t *t)
{
    free(t->slot);
    memset(t, 0, sizeof *t);
}

exch_endpoint_result_t
exch_endpoints_add(exch_endpoints_t *t, const uint8_t *addr, size_t addr_len, unsigned transport, uint16_t port,
                   unsigned role, uint32_t frame, exch_endpoint_t **out)
{
    exch_endpoint_t *e;

    if (port == 0 || (addr_len != 4 && addr_len != 16) || transport > 1)
        return EXCH_ENDPOINT_INVALID;
    if (!t->slot && !(t->slot = calloc(EXCH_ENDPOINT_SLOTS, sizeof *t->slot)))
        return EXCH_ENDPOINT_FULL;
    e = find_slot(t, addr, addr_len, transport, port);
    if (out)
        *out = e;
    if (e->addr_len) {
        if (!e->ended)
            return EXCH_ENDPOINT_REPEATED;
        e->announced = frame;
        e->ended = 0;
        e->expires = 0;
        return EXCH_ENDPOINT_REOPENED;
    }
    if (t->count >= EXCH_ENDPOINTS_MAX) {
        if (out)
            *out = NULL;
        return EXCH_ENDPOINT_FULL;
    }
    memcpy(e->addr, addr, addr_len);
    e->addr_len = (uint8_t)addr_len;
    e->transport = (uint8_t)transport;
    e->port = port;
    e->role = (uint16_t)role;
    e->announced = frame;
    t->count++;
    t->ports[transport][port >> 3] |= (uint8_t)(1u << (port & 7));
    return EXCH_ENDPOINT_ADDED;
}

exch_endpoint_t *
exch_endpoints_find(const exch_endpoints_t *t, const uint8_t *addr, size_t addr_len, unsigned transport,
                    uint16_t port)
{
    exch_endpoint_t *e;

    if (!t->slot || (addr_len != 4 && addr_len != 16) || transport > 1)
        return NULL;
    e = find_slot(t, addr, addr_len, transport, port);
    return e->addr_len ? e : NULL;
}

bool
exch_endpoint_add_interface(exch_endpoint_t *e, const uint8_t uuid[16], uint16_t version, uint32_t frame)
{
    exch_interface_t *i;

    for (unsigned k = 0; k < e->ninterfaces; k++)
        if (e->interfaces[k].version == version && memcmp(e->interfaces[k].uuid, uuid, 16) == 0)
            return true;
    if (e->ninterfaces >= EXCH_ENDPOINT_INTERFACES)
        return false;
    i = &e->interfaces[e->ninterfaces++];
    memcpy(i->uuid, uuid, 16);
    i->version = version;
    i->announced = frame;
    return true;
}

void
exch_endpoint_add_connection(exch_endpoint_t *e, uint32_t first_frame)
{
    if (e->nconnections < EXCH_ENDPOINT_CONNECTIONS)
        e->connections[e->nconnections] = first_frame;
    if (e->nconnections < UINT32_MAX)
        e->nconnections++;
}

bool
exch_endpoint_open_at(const exch_endpoint_t *e, uint32_t frame, double now)
{
    return frame > e->announced && (!e->ended || frame <= e->ended) && (e->expires == 0 || now <= e->expires);
}
