/* test_endpoints.c
 * Unit tests of the learned endpoints' table and of the endpoint mapper's
 * tower reader.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "check.h"
#include "endpoints.h"
#include "epm.h"

static const uint8_t server[4] = { 192, 168, 0, 2 }, other[4] = { 192, 168, 0, 3 };

static void
test_add_and_find(void)
{
    exch_endpoints_t *t = calloc(1, sizeof *t);
    exch_endpoint_t *e = NULL;

    CHECK(!exch_endpoints_may_have(t, 0, 1032) && !exch_endpoints_find(t, server, 4, 0, 1032));
    CHECK(exch_endpoints_add(t, server, 4, 0, 1032, 7, 705, &e) == EXCH_ENDPOINT_ADDED && e);
    CHECK(exch_endpoints_may_have(t, 0, 1032) && !exch_endpoints_may_have(t, 1, 1032));
    CHECK(!exch_endpoints_may_have(t, 0, 1033) && !exch_endpoints_may_have(t, 0, 1031));
    CHECK(exch_endpoints_find(t, server, 4, 0, 1032) == e && e->role == 7 && e->announced == 705);
    /* the same port on another host, or over UDP, is another endpoint */
    CHECK(!exch_endpoints_find(t, other, 4, 0, 1032) && !exch_endpoints_find(t, server, 4, 1, 1032));
    /* repeated: the first announcement stays */
    CHECK(exch_endpoints_add(t, server, 4, 0, 1032, 7, 900, NULL) == EXCH_ENDPOINT_REPEATED && e->announced == 705);
    /* ended, then announced again */
    e->ended = 950;
    CHECK(exch_endpoint_open_at(e, 706, 0) && exch_endpoint_open_at(e, 950, 0) && !exch_endpoint_open_at(e, 951, 0));
    CHECK(!exch_endpoint_open_at(e, 705, 0));
    /* a lease: open up to its end, included */
    e->expires = 100.5;
    CHECK(exch_endpoint_open_at(e, 706, 100.5) && !exch_endpoint_open_at(e, 706, 100.6));
    CHECK(exch_endpoints_add(t, server, 4, 0, 1032, 7, 1000, NULL) == EXCH_ENDPOINT_REOPENED);
    CHECK(e->announced == 1000 && e->ended == 0 && e->expires == 0 && exch_endpoint_open_at(e, 5000, 1e9));
    /* nothing that cannot be a server endpoint */
    CHECK(exch_endpoints_add(t, server, 4, 0, 0, 7, 1, NULL) == EXCH_ENDPOINT_INVALID);
    CHECK(exch_endpoints_add(t, server, 5, 0, 80, 7, 1, NULL) == EXCH_ENDPOINT_INVALID);
    CHECK(exch_endpoints_add(t, server, 4, 2, 80, 7, 1, NULL) == EXCH_ENDPOINT_INVALID);
    CHECK(t->count == 1);
    exch_endpoints_clear(t);
    CHECK(t->count == 0 && !t->slot && !exch_endpoints_may_have(t, 0, 1032));
    free(t);
}

static void
test_interfaces(void)
{
    exch_endpoints_t *t = calloc(1, sizeof *t);
    exch_endpoint_t *e;
    uint8_t uuid[16] = { 0 };

    exch_endpoints_add(t, server, 4, 0, 1032, 7, 1, &e);
    for (unsigned i = 0; i < EXCH_ENDPOINT_INTERFACES; i++) {
        uuid[0] = (uint8_t)i;
        CHECK(exch_endpoint_add_interface(e, uuid, 1, 10 + i));
        CHECK(exch_endpoint_add_interface(e, uuid, 1, 99));     /* once only, with its first frame */
        CHECK(e->interfaces[i].announced == 10 + i);
    }
    CHECK(e->ninterfaces == EXCH_ENDPOINT_INTERFACES);
    uuid[0] = 0xff;
    CHECK(!exch_endpoint_add_interface(e, uuid, 1, 99) && e->ninterfaces == EXCH_ENDPOINT_INTERFACES);
    exch_endpoints_clear(t);
    free(t);
}

/* 8 connections are kept, every one is counted. */
static void
test_connections(void)
{
    exch_endpoint_t e = { .addr_len = 4 };

    for (uint32_t i = 1; i <= EXCH_ENDPOINT_CONNECTIONS + 1; i++)
        exch_endpoint_add_connection(&e, 100 * i);
    CHECK(e.nconnections == EXCH_ENDPOINT_CONNECTIONS + 1);
    CHECK(e.connections[0] == 100 && e.connections[EXCH_ENDPOINT_CONNECTIONS - 1] == 100 * EXCH_ENDPOINT_CONNECTIONS);
}

/* 4,096 endpoints are kept, the 4,097th is not; each is found again. */
static void
test_cap(void)
{
    exch_endpoints_t *t = calloc(1, sizeof *t);
    uint8_t addr[16] = { 0x20, 0x01, 0x0d, 0xb8 };

    for (unsigned i = 0; i < EXCH_ENDPOINTS_MAX; i++) {
        addr[14] = (uint8_t)(i >> 8);
        addr[15] = (uint8_t)i;
        CHECK(exch_endpoints_add(t, addr, 16, 0, (uint16_t)(1024 + i % 7), 1, i + 1, NULL) == EXCH_ENDPOINT_ADDED);
    }
    CHECK(t->count == EXCH_ENDPOINTS_MAX);
    addr[13] = 1;
    CHECK(exch_endpoints_add(t, addr, 16, 0, 1024, 1, 1, NULL) == EXCH_ENDPOINT_FULL);
    addr[13] = 0;
    for (unsigned i = 0; i < EXCH_ENDPOINTS_MAX; i++) {
        exch_endpoint_t *e;
        addr[14] = (uint8_t)(i >> 8);
        addr[15] = (uint8_t)i;
        e = exch_endpoints_find(t, addr, 16, 0, (uint16_t)(1024 + i % 7));
        CHECK(e && e->announced == i + 1);
    }
    exch_endpoints_clear(t);
    free(t);
}

/* ---- towers */

typedef struct {
    uint8_t b[8192];
    size_t n;
} buf_t;

static void
put(buf_t *b, const void *p, size_t n)
{
    if (b->n + n > sizeof b->b)
        abort();
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

static void
put16le(buf_t *b, unsigned v)
{
    uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    put(b, x, 2);
}

static void
put_floor(buf_t *b, const uint8_t *lhs, unsigned lhs_len, const uint8_t *rhs, unsigned rhs_len)
{
    put16le(b, lhs_len);
    put(b, lhs, lhs_len);
    put16le(b, rhs_len);
    put(b, rhs, rhs_len);
}

/* NSPI f5cc5a18-4264-101a-8c59-08002b2f8426 v56, as the tower holds it */
static const uint8_t nspi[16] = { 0x18, 0x5a, 0xcc, 0xf5, 0x64, 0x42, 0x1a, 0x10,
                                  0x8c, 0x59, 0x08, 0x00, 0x2b, 0x2f, 0x84, 0x26 };

/* A tower: floors for the interface, NDR, then the given protocol floors. */
static void
put_tower(buf_t *b, unsigned floors, uint8_t transport, uint16_t port, const uint8_t ip[4])
{
    static const uint8_t ndr[16] = { 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
                                     0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 };
    uint8_t lhs[19] = { 0x0d }, zero[2] = { 0 }, port_be[2] = { (uint8_t)(port >> 8), (uint8_t)port };
    uint8_t co = 0x0b, ipid = 0x09;

    put16le(b, floors);
    memcpy(lhs + 1, nspi, 16);
    lhs[17] = 56;
    put_floor(b, lhs, 19, zero, 2);
    memcpy(lhs + 1, ndr, 16);
    lhs[17] = 2;
    put_floor(b, lhs, 19, zero, 2);
    put_floor(b, &co, 1, zero, 2);
    put_floor(b, &transport, 1, port_be, 2);
    if (floors > 4)
        put_floor(b, &ipid, 1, ip, 4);
}

#define FIRST_FRAG 0x01
#define LAST_FRAG 0x02

/* A fragment of a response PDU around len bytes of a stub, little-endian NDR. */
static void
put_fragment(buf_t *pdu, const uint8_t *stub, size_t len, uint8_t ptype, uint8_t flags, uint8_t call_id)
{
    uint8_t h[24] = { 5, 0, ptype, flags, 0x10, 0, 0, 0 };
    size_t frag = sizeof h + len;

    h[8] = (uint8_t)frag;
    h[9] = (uint8_t)(frag >> 8);
    h[12] = call_id;
    put(pdu, h, sizeof h);
    put(pdu, stub, len);
}

/* A response PDU in one fragment. */
static void
put_response(buf_t *pdu, const buf_t *stub, uint8_t ptype)
{
    put_fragment(pdu, stub->b, stub->n, ptype, FIRST_FRAG | LAST_FRAG, 1);
}

typedef struct {
    exch_epm_tower_t seen[80];
    unsigned n;
} seen_t;

static void
remember(const exch_epm_tower_t *tower, void *ctx)
{
    seen_t *s = (seen_t *)ctx;
    s->seen[s->n++] = *tower;
}

static void
test_towers(void)
{
    static const uint8_t any[4] = { 0 };
    buf_t stub = { .n = 0 }, pdu = { .n = 0 };
    seen_t seen = { .n = 0 };
    exch_epm_counts_t counts;
    uint8_t entry_handle[20] = { 0 };

    put(&stub, entry_handle, sizeof entry_handle);        /* ept_map: entry handle, then the towers */
    put_tower(&stub, 5, 0x07, 4997, server);
    put_tower(&stub, 5, 0x08, 4998, server);               /* UDP: no TCP endpoint */
    put_tower(&stub, 5, 0x07, 1032, any);
    put_tower(&stub, 4, 0x07, 1033, server);               /* four floors: no IP floor */
    put_response(&pdu, &stub, 2);
    put_response(&pdu, &stub, 0);                          /* a request: not read */

    CHECK(exch_epm_scan(pdu.b, pdu.n, NULL, remember, &seen, &counts) == pdu.n);
    CHECK(counts.towers == 2 && counts.odd == 0 && counts.skipped == 0 && seen.n == 2);
    CHECK(seen.seen[0].port == 4997 && memcmp(seen.seen[0].ipv4, server, 4) == 0);
    CHECK(memcmp(seen.seen[0].uuid, nspi, 16) == 0 && seen.seen[0].version == 56);
    CHECK(seen.seen[1].port == 1032 && memcmp(seen.seen[1].ipv4, any, 4) == 0);

    /* a PDU cut short is not read: its end comes in a later segment */
    seen.n = 0;
    CHECK(exch_epm_scan(pdu.b, 30, NULL, remember, &seen, &counts) == 0 && seen.n == 0);
}

static void
test_odd_towers(void)
{
    buf_t stub = { .n = 0 }, pdu = { .n = 0 };
    seen_t seen = { .n = 0 };
    exch_epm_counts_t counts;

    put_tower(&stub, 5, 0x07, 4997, server);
    stub.b[stub.n - 6] = 3;                               /* the IP floor's rhs length: 3, not 4 */
    stub.n -= 1;
    put_tower(&stub, 8, 0x07, 1032, server);               /* claims eight floors, holds five */
    put_response(&pdu, &stub, 2);
    CHECK(exch_epm_scan(pdu.b, pdu.n, NULL, remember, &seen, &counts) == pdu.n);
    CHECK(seen.n == 0 && counts.towers == 0 && counts.odd == 2);
}

/* A response in two fragments, cut inside its second tower (as a real
 * ept_lookup of Samba's 53 entries is): the tower is read across the cut. */
static unsigned
scan_fragments(uint8_t second_call_id, bool carried, unsigned *odd, uint16_t ports[3])
{
    static const uint8_t entry_handle[20] = { 0 };
    buf_t stub = { .n = 0 }, first = { .n = 0 }, second = { .n = 0 };
    size_t cut;
    seen_t seen = { .n = 0 };
    exch_epm_counts_t counts;
    exch_epm_carry_t carry = { 0 };

    put(&stub, entry_handle, sizeof entry_handle);
    put_tower(&stub, 5, 0x07, 4997, server);
    cut = stub.n + 30;
    put_tower(&stub, 5, 0x07, 1032, server);
    put_tower(&stub, 5, 0x07, 1040, server);
    put_fragment(&first, stub.b, cut, 2, FIRST_FRAG, 7);
    put_fragment(&second, stub.b + cut, stub.n - cut, 2, LAST_FRAG, second_call_id);
    CHECK(exch_epm_scan(first.b, first.n, carried ? &carry : NULL, remember, &seen, &counts) == first.n);
    *odd = counts.odd;
    CHECK(exch_epm_scan(second.b, second.n, carried ? &carry : NULL, remember, &seen, &counts) == second.n);
    *odd += counts.odd;
    CHECK(carry.len == 0);                                 /* nothing left after the last fragment */
    for (unsigned k = 0; k < seen.n && k < 3; k++)
        ports[k] = seen.seen[k].port;
    return seen.n;
}

static void
test_fragmented_towers(void)
{
    uint16_t ports[3] = { 0 };
    unsigned odd;

    CHECK(scan_fragments(7, true, &odd, ports) == 3 && odd == 0);
    CHECK(ports[0] == 4997 && ports[1] == 1032 && ports[2] == 1040);
    /* each fragment on its own: the cut tower is lost, and odd */
    CHECK(scan_fragments(7, false, &odd, ports) == 2 && odd == 1 && ports[1] == 1040);
    /* a fragment of another call does not continue the first */
    CHECK(scan_fragments(8, true, &odd, ports) == 2 && odd == 0 && ports[1] == 1040);
}

/* 64 TCP towers of a PDU are read, the 65th is counted as skipped. */
static void
test_tower_cap(void)
{
    static buf_t stub, pdu;
    static seen_t seen;
    exch_epm_counts_t counts;

    for (unsigned i = 0; i <= EXCH_EPM_TOWERS_MAX; i++)
        put_tower(&stub, 5, 0x07, (uint16_t)(2000 + i), server);
    put_response(&pdu, &stub, 2);
    exch_epm_scan(pdu.b, pdu.n, NULL, remember, &seen, &counts);
    CHECK(counts.towers == EXCH_EPM_TOWERS_MAX && counts.skipped == 1 && seen.n == EXCH_EPM_TOWERS_MAX);
    CHECK(seen.seen[EXCH_EPM_TOWERS_MAX - 1].port == 2000 + EXCH_EPM_TOWERS_MAX - 1);
}

int
main(void)
{
    test_add_and_find();
    test_interfaces();
    test_connections();
    test_cap();
    test_towers();
    test_odd_towers();
    test_fragmented_towers();
    test_tower_cap();
    return CHECK_DONE();
}
