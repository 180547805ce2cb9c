/* servertab.c
 * Open-addressing table of per-server facts with a hard capacity.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "servertab.h"

static unsigned
first_slot(const uint8_t *addr, size_t addr_len, uint16_t port)
{
    uint32_t h = 2166136261u ^ port;     /* FNV-1a */

    for (size_t i = 0; i < addr_len; i++)
        h = (h ^ addr[i]) * 16777619u;
    return h & (EXCH_SERVERTAB_SLOTS - 1);
}

static bool
same_server(const exch_server_t *s, const uint8_t *addr, size_t addr_len, uint16_t port)
{
    return s->addr_len == addr_len && s->port == port && memcmp(s->addr, addr, addr_len) == 0;
}

/* The server's slot, or the free slot where it would go, or NULL. */
static exch_server_t *
find_slot(const exch_servertab_t *tab, const uint8_t *addr, size_t addr_len, uint16_t port)
{
    unsigned slot = first_slot(addr, addr_len, port);

    for (unsigned i = 0; i < EXCH_SERVERTAB_SLOTS; i++, slot = (slot + 1) & (EXCH_SERVERTAB_SLOTS - 1)) {
        const exch_server_t *s = &tab->slot[slot];
        if (s->addr_len == 0 || same_server(s, addr, addr_len, port))
            return (exch_server_t *)s;
    }
    return NULL;
}

void
exch_servertab_clear(exch_servertab_t *tab)
{
    memset(tab, 0, sizeof *tab);
}

bool
exch_servertab_note(exch_servertab_t *tab, const uint8_t *addr, size_t addr_len,
                    uint16_t port, uint32_t facts, uint32_t frame)
{
    exch_server_t *s;

    if (addr_len != 4 && addr_len != 16)
        return false;
    s = find_slot(tab, addr, addr_len, port);
    if (!s)
        return false;
    if (s->addr_len == 0) {
        if (tab->count >= EXCH_SERVERTAB_SLOTS / 2)
            return false;
        memcpy(s->addr, addr, addr_len);
        s->addr_len = (uint8_t)addr_len;
        s->port = port;
        tab->count++;
    }
    for (unsigned bit = 0; bit < EXCH_SERVER_FACTS; bit++)
        if ((facts & ~s->facts) & (1u << bit))
            s->since[bit] = frame;
    s->facts |= facts;
    return true;
}

const exch_server_t *
exch_servertab_find(const exch_servertab_t *tab, const uint8_t *addr, size_t addr_len, uint16_t port)
{
    const exch_server_t *s;

    if (addr_len != 4 && addr_len != 16)
        return NULL;
    s = find_slot(tab, addr, addr_len, port);
    return (s && s->addr_len) ? s : NULL;
}

uint32_t
exch_servertab_facts(const exch_servertab_t *tab, const uint8_t *addr, size_t addr_len, uint16_t port)
{
    const exch_server_t *s = exch_servertab_find(tab, addr, addr_len, port);

    return s ? s->facts : 0;
}
