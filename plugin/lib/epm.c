/* epm.c
 * Endpoint mapper towers in DCE/RPC responses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "epm.h"

#define CO_HEADER 16                     /* the common header of connection-oriented PDUs */
#define RESPONSE_STUB 24                 /* + alloc_hint, context id, cancel count, reserved */
#define PTYPE_RESPONSE 2
#define AUTH_VERIFIER_HEADER 8
#define PFC_FIRST_FRAG 0x01
#define PFC_LAST_FRAG 0x02

#define FLOOR_UUID 0x0d
#define FLOOR_RPC_CO 0x0b
#define FLOOR_TCP 0x07
#define FLOOR_IP 0x09
#define TCP_IP_FLOORS 5

static uint16_t
le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

typedef struct {
    const uint8_t *lhs, *rhs;
    uint16_t lhs_len, rhs_len;
} floor_t;

/* TOWER_CUT: the tower runs past the end of what was read. */
typedef enum { TOWER_TCP_IP, TOWER_OTHER, TOWER_ODD, TOWER_CUT } tower_kind_t;
typedef enum { FLOOR_READ, FLOOR_ODD, FLOOR_CUT } floor_result_t;

/* Reads one floor at *pos; FLOOR_ODD when it has no protocol identifier. */
static floor_result_t
read_floor(const uint8_t *p, size_t end, size_t *pos, floor_t *f)
{
    size_t at = *pos;

    if (at + 2 > end)
        return FLOOR_CUT;
    if ((f->lhs_len = le16(p + at)) == 0)
        return FLOOR_ODD;
    if (at + 2 + f->lhs_len + 2 > end)
        return FLOOR_CUT;
    f->lhs = p + at + 2;
    at += 2 + f->lhs_len;
    f->rhs_len = le16(p + at);
    if (at + 2 + f->rhs_len > end)
        return FLOOR_CUT;
    f->rhs = p + at + 2;
    *pos = at + 2 + f->rhs_len;
    return FLOOR_READ;
}

/* A tower starts with a floor count and an interface floor: lhs of 19 octets,
 * the UUID protocol identifier. */
static bool
tower_start(const uint8_t *p, size_t at, size_t end)
{
    return at + 5 <= end && le16(p + at) >= 3 && le16(p + at) <= 8 && le16(p + at + 2) == 19 &&
           p[at + 4] == FLOOR_UUID;
}

/* Reads the tower at *pos (tower_start is true there) and moves past it. */
static tower_kind_t
read_tower(const uint8_t *p, size_t end, size_t *pos, exch_epm_tower_t *t)
{
    unsigned count = le16(p + *pos);
    floor_t f[8];
    size_t at = *pos + 2;

    for (unsigned i = 0; i < count; i++) {
        floor_result_t read = read_floor(p, end, &at, &f[i]);
        if (read != FLOOR_READ)
            return read == FLOOR_CUT ? TOWER_CUT : TOWER_ODD;
    }
    *pos = at;
    if (f[0].rhs_len != 2 || f[1].lhs_len != 19 || f[1].lhs[0] != FLOOR_UUID)
        return TOWER_ODD;
    if (count != TCP_IP_FLOORS || f[2].lhs_len != 1 || f[2].lhs[0] != FLOOR_RPC_CO ||
        f[3].lhs_len != 1 || f[3].lhs[0] != FLOOR_TCP || f[4].lhs_len != 1 || f[4].lhs[0] != FLOOR_IP)
        return TOWER_OTHER;
    if (f[3].rhs_len != 2 || f[4].rhs_len != 4)
        return TOWER_ODD;
    memcpy(t->uuid, f[0].lhs + 1, 16);
    t->version = le16(f[0].lhs + 17);
    t->port = (uint16_t)(f[3].rhs[0] << 8 | f[3].rhs[1]);
    memcpy(t->ipv4, f[4].rhs, 4);
    return TOWER_TCP_IP;
}

typedef struct {
    exch_epm_tower_cb cb;
    void *ctx;
    exch_epm_counts_t *counts;
    unsigned given;              /* TCP/IP towers given in this PDU */
    bool more_fragments;         /* the stub goes on in the next fragment: a cut tower is not odd */
} scan_t;

/* Reads the towers that start in [start, limit) and end before end; returns
 * where the last tower read ended (start when none). */
static size_t
scan_stub(const uint8_t *p, size_t start, size_t limit, size_t end, scan_t *scan)
{
    size_t done = start;

    for (size_t at = start; at < limit;) {
        exch_epm_tower_t t;
        size_t next = at;

        if (!tower_start(p, at, end)) {
            at++;
            continue;
        }
        switch (read_tower(p, end, &next, &t)) {
        case TOWER_TCP_IP:
            if (scan->given++ < EXCH_EPM_TOWERS_MAX) {
                scan->counts->towers++;
                scan->cb(&t, scan->ctx);
            } else {
                scan->counts->skipped++;
            }
            break;
        case TOWER_CUT:
            if (!scan->more_fragments)
                scan->counts->odd++;
            break;
        case TOWER_ODD:
            scan->counts->odd++;
            break;
        case TOWER_OTHER:
            break;
        }
        if (next > at)
            done = next;
        at = next > at ? next : at + 1;
    }
    return done;
}

/* A tower cut by the end of the previous fragment: the carried bytes and the
 * start of this stub are read together. Returns where in this stub reading
 * goes on. */
static size_t
scan_carried(const exch_epm_carry_t *carry, const uint8_t *stub, size_t stub_len, scan_t *scan)
{
    uint8_t joined[2 * EXCH_EPM_CARRY];
    size_t head = stub_len < EXCH_EPM_CARRY ? stub_len : EXCH_EPM_CARRY;
    size_t done;

    memcpy(joined, carry->bytes, carry->len);
    memcpy(joined + carry->len, stub, head);
    done = scan_stub(joined, 0, carry->len, carry->len + head, scan);
    return done > carry->len ? done - carry->len : 0;
}

static uint32_t
read32(const uint8_t *p, bool little)
{
    return little ? (uint32_t)(p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24)
                  : ((uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]);
}

/* The stub bytes after the last tower read, kept when the next fragment goes on. */
static void
keep_tail(exch_epm_carry_t *carry, const uint8_t *stub, size_t from, size_t stub_len, uint32_t call_id)
{
    if (stub_len - from > EXCH_EPM_CARRY)
        from = stub_len - EXCH_EPM_CARRY;
    carry->call_id = call_id;
    carry->len = (uint16_t)(stub_len - from);
    memcpy(carry->bytes, stub + from, carry->len);
}

static void
scan_response(const uint8_t *h, size_t frag, size_t trailer, bool little, exch_epm_carry_t *carry, scan_t *scan)
{
    const uint8_t *stub = h + RESPONSE_STUB;
    size_t stub_len = frag - trailer - RESPONSE_STUB;
    uint32_t call_id = read32(h + 12, little);
    size_t from = 0;

    scan->given = 0;
    scan->more_fragments = carry && !(h[3] & PFC_LAST_FRAG);
    if (carry && carry->len && !(h[3] & PFC_FIRST_FRAG) && carry->call_id == call_id)
        from = scan_carried(carry, stub, stub_len, scan);
    from = scan_stub(stub, from, stub_len, stub_len, scan);
    if (carry) {
        carry->len = 0;
        if (scan->more_fragments)
            keep_tail(carry, stub, from, stub_len, call_id);
    }
}

size_t
exch_epm_scan(const uint8_t *p, size_t len, exch_epm_carry_t *carry, exch_epm_tower_cb cb, void *ctx,
              exch_epm_counts_t *counts)
{
    scan_t scan = { cb, ctx, counts, 0, false };
    size_t at = 0;

    memset(counts, 0, sizeof *counts);
    while (at + CO_HEADER <= len && p[at] == 5 && p[at + 1] <= 1) {
        const uint8_t *h = p + at;
        bool little = (h[4] & 0x10) != 0;
        size_t frag = little ? le16(h + 8) : (size_t)(h[8] << 8 | h[9]);
        size_t auth = little ? le16(h + 10) : (size_t)(h[10] << 8 | h[11]);
        size_t trailer = auth ? AUTH_VERIFIER_HEADER + auth : 0;

        if (frag < CO_HEADER || at + frag > len)
            break;
        if (h[2] == PTYPE_RESPONSE && frag >= RESPONSE_STUB + trailer)
            scan_response(h, frag, trailer, little, carry, &scan);
        at += frag;
    }
    return at;
}
