/* fuzz_tables.c
 * libFuzzer target: the port map, the server-side rule and the per-server
 * fact table, fed with ports and addresses taken from the input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "roles.h"
#include "servertab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static exch_portmap_t map;
static exch_servertab_t servers;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    exch_portmap_clear(&map);
    exch_servertab_clear(&servers);
    for (size_t i = 0; i + 6 <= size; i += 6) {
        uint16_t a = (uint16_t)(data[i] << 8 | data[i + 1]), b = (uint16_t)(data[i + 2] << 8 | data[i + 3]);
        exch_transport_t t = (exch_transport_t)(data[i + 4] & 1);
        const exch_role_t *ra, *rb;

        exch_portmap_claim(&map, t, a, data[i + 5]);
        ra = exch_portmap_lookup(&map, t, a);
        rb = exch_portmap_lookup(&map, t, b);
        if ((ra && ra->transport != t) || (rb && rb->match != EXCH_MATCH_PORT))
            abort();
        (void)exch_server_side(ra != NULL, rb != NULL, a, b, (uint16_t)(data[i + 5] * 257));
        uint8_t addr[16] = { 0 };
        memcpy(addr, data + i, 6);
        exch_servertab_note(&servers, addr, (data[i + 4] & 2) ? 16 : 4, b, data[i + 5]);
        (void)exch_servertab_facts(&servers, addr, 4, a);
    }
    if (servers.count > EXCH_SERVERTAB_SLOTS / 2)
        abort();
    return 0;
}
