/* epm.h
 * The TCP/IP endpoints in the answers of the DCE/RPC endpoint mapper (EPM,
 * port 135): the protocol towers of ept_map and ept_lookup responses (C706
 * appendix L; MS-RPCE 2.2.1.1.7): floor 1 the interface UUID and major
 * version, floor 2 the transfer syntax, floor 3 connection-oriented RPC
 * (0x0b), floor 4 TCP (0x07) and its port, floor 5 IP (0x09) and its address.
 * Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_EPM_H
#define EXCH_EPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_EPM_TOWERS_MAX 64           /* towers read per PDU; the rest are counted as skipped */

typedef struct {
    uint8_t uuid[16];                    /* the interface UUID as in the tower (little-endian fields) */
    uint16_t version;                    /* its major version */
    uint16_t port;                       /* TCP port */
    uint8_t ipv4[4];                     /* network order; 0.0.0.0 = the mapper's own address */
} exch_epm_tower_t;

typedef struct {
    unsigned towers;                     /* TCP/IP towers given to the callback */
    unsigned odd;                        /* towers whose floors do not fit together */
    unsigned skipped;                    /* towers beyond EXCH_EPM_TOWERS_MAX in a PDU */
} exch_epm_counts_t;

/* A response too long for one fragment (an ept_lookup of a server with many
 * interfaces) is cut anywhere, also inside a tower: the end of a fragment's
 * stub is carried to the next fragment of the call. */
#define EXCH_EPM_CARRY 128               /* bytes carried: more than a TCP/IP tower (75 bytes) */

typedef struct {
    uint32_t call_id;
    uint16_t len;                        /* 0: nothing carried */
    uint8_t bytes[EXCH_EPM_CARRY];
} exch_epm_carry_t;

typedef void (*exch_epm_tower_cb)(const exch_epm_tower_t *tower, void *ctx);

/* Walks the complete connection-oriented DCE/RPC PDUs that start at p (a TCP
 * payload of the endpoint mapper) and calls cb for each TCP/IP tower in the
 * stub of every response PDU. carry (zeroed for a new connection, or NULL to
 * read every PDU on its own) holds what a fragment leaves to the next one; a
 * tower cut by the end of a fragment that the next fragment continues is then
 * not odd. Returns the bytes of complete PDUs read. */
size_t exch_epm_scan(const uint8_t *p, size_t len, exch_epm_carry_t *carry, exch_epm_tower_cb cb, void *ctx,
                     exch_epm_counts_t *counts);

#endif /* EXCH_EPM_H */
