/* fuzz_endpoints.c
 * libFuzzer target: the endpoint mapper's tower reader over a TCP payload, the
 * learned endpoints' table fed with what it finds, the content checks of
 * shared ports, and the DNS question reader over the same bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "dnsmsg.h"
#include "endpoints.h"
#include "epm.h"
#include "sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static exch_endpoints_t table;
static uint32_t frame;

static void
read_dns(const uint8_t *data, size_t size)
{
    exch_dns_msg_t msg;

    if (!exch_dns_parse(data, size, &msg))
        return;
    if (strlen(msg.name) > EXCH_DNS_NAME_MAX)
        abort();
    (void)exch_dns_locator(msg.name);
    (void)exch_dns_failure_name(msg.rcode);
}

static void
learn(const exch_epm_tower_t *tower, void *ctx)
{
    exch_endpoint_t *e = NULL;

    (void)ctx;
    if (tower->port == 0)
        return;
    if (exch_endpoints_add(&table, tower->ipv4, 4, 0, tower->port, 1, ++frame, &e) != EXCH_ENDPOINT_FULL && e) {
        exch_endpoint_add_interface(e, tower->uuid, tower->version, frame);
        exch_endpoint_add_connection(e, frame);
        if (exch_endpoints_find(&table, tower->ipv4, 4, 0, tower->port) != e ||
            !exch_endpoints_may_have(&table, 0, tower->port))
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static exch_epm_carry_t carry;     /* what one input leaves to the next, as on a connection */
    exch_epm_counts_t counts;
    size_t used = exch_epm_scan(data, size, &carry, learn, NULL, &counts);

    if (used > size || table.count > EXCH_ENDPOINTS_MAX || carry.len > EXCH_EPM_CARRY)
        abort();
    (void)exch_looks_like_irc(data, size);
    (void)exch_looks_like_tpkt(data, size);
    read_dns(data, size);
    if (table.count > EXCH_ENDPOINTS_MAX / 2)
        exch_endpoints_clear(&table);
    return 0;
}
