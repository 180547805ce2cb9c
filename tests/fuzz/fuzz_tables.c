/* fuzz_tables.c
 * libFuzzer target: the port map, the server-side rule, the per-server fact
 * table and the address set of exch.server_addresses, fed with ports,
 * addresses and text taken from the input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "addrset.h"
#include "roles.h"
#include "servertab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static exch_portmap_t map;
static exch_servertab_t servers;
static exch_addrset_t addrs;

/* The input as the preference's text: every set it parses holds what fits. */
static void
fuzz_addrset(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), err[64];

    memcpy(text, data, size);
    text[size] = '\0';
    (void)exch_addrset_parse(&addrs, text, err, sizeof err);
    if (addrs.count > EXCH_ADDRSET_MAX || strlen(err) >= sizeof err)
        abort();
    for (size_t i = 0; i + 16 <= size; i += 16) {
        (void)exch_addrset_contains(&addrs, data + i, 4);
        (void)exch_addrset_contains(&addrs, data + i, 16);
    }
    free(text);
}

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
        exch_servertab_note(&servers, addr, (data[i + 4] & 2) ? 16 : 4, b, data[i + 5], i);
        (void)exch_servertab_facts(&servers, addr, 4, a);
    }
    if (servers.count > EXCH_SERVERTAB_SLOTS / 2)
        abort();
    fuzz_addrset(data, size);
    return 0;
}
