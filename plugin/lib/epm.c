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

/* Reads one floor at *pos; false when it does not fit before end. */
static bool
read_floor(const uint8_t *p, size_t end, size_t *pos, floor_t *f)
{
    size_t at = *pos;

    if (at + 2 > end || (f->lhs_len = le16(p + at)) == 0 || at + 2 + f->lhs_len + 2 > end)
        return false;
    f->lhs = p + at + 2;
    at += 2 + f->lhs_len;
    f->rhs_len = le16(p + at);
    if (at + 2 + f->rhs_len > end)
        return false;
    f->rhs = p + at + 2;
    *pos = at + 2 + f->rhs_len;
    return true;
}

/* A tower starts with a floor count and an interface floor: lhs of 19 octets,
 * the UUID protocol identifier. */
static bool
tower_start(const uint8_t *p, size_t at, size_t end)
{
    return at + 5 <= end && le16(p + at) >= 3 && le16(p + at) <= 8 && le16(p + at + 2) == 19 &&
           p[at + 4] == FLOOR_UUID;
}

typedef enum { TOWER_TCP_IP, TOWER_OTHER, TOWER_ODD } tower_kind_t;

/* Reads the tower at *pos (tower_start is true there) and moves past it. */
static tower_kind_t
read_tower(const uint8_t *p, size_t end, size_t *pos, exch_epm_tower_t *t)
{
    unsigned count = le16(p + *pos);
    floor_t f[8];
    size_t at = *pos + 2;

    for (unsigned i = 0; i < count; i++)
        if (!read_floor(p, end, &at, &f[i]))
            return TOWER_ODD;
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

static void
scan_stub(const uint8_t *p, size_t start, size_t end, exch_epm_tower_cb cb, void *ctx, exch_epm_counts_t *counts)
{
    unsigned given = 0;

    for (size_t at = start; at < end;) {
        exch_epm_tower_t t;
        size_t next = at;

        if (!tower_start(p, at, end)) {
            at++;
            continue;
        }
        switch (read_tower(p, end, &next, &t)) {
        case TOWER_TCP_IP:
            if (given++ < EXCH_EPM_TOWERS_MAX) {
                counts->towers++;
                cb(&t, ctx);
            } else {
                counts->skipped++;
            }
            break;
        case TOWER_ODD:
            counts->odd++;
            break;
        case TOWER_OTHER:
            break;
        }
        at = next > at ? next : at + 1;
    }
}

size_t
exch_epm_scan(const uint8_t *p, size_t len, exch_epm_tower_cb cb, void *ctx, exch_epm_counts_t *counts)
{
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
            scan_stub(p, at + RESPONSE_STUB, at + frag - trailer, cb, ctx, counts);
        at += frag;
    }
    return at;
}
