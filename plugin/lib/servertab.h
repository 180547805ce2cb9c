/* servertab.h
 * What the capture has shown about each server (address, port): a fixed-capacity
 * table of facts, so that the memory it takes does not grow with the capture.
 * Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_SERVERTAB_H
#define EXCH_SERVERTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_SERVERTAB_SLOTS 8192        /* half kept free: 4096 servers */

enum {
    EXCH_SERVER_BRIDGEHEAD = 1u << 0,    /* EHLO advertises X-LINK2STATE: Exchange 2000/2003 SMTP */
};

#define EXCH_SERVER_FACTS 16             /* the facts (bits 0-15) whose first frame is kept */

typedef struct {
    uint8_t addr[16];                    /* IPv4 in the first 4 bytes */
    uint8_t addr_len;                    /* 4 or 16; 0 = free slot */
    uint16_t port;
    uint32_t facts;
    uint32_t since[EXCH_SERVER_FACTS];   /* per fact: the frame that first showed it */
} exch_server_t;

typedef struct {
    exch_server_t slot[EXCH_SERVERTAB_SLOTS];
    unsigned count;
} exch_servertab_t;

void exch_servertab_clear(exch_servertab_t *tab);

/* Adds facts that a frame showed to a server (a fact new to it keeps that
 * frame); false when the address is not 4 or 16 bytes long or the table is
 * full (the server is then not remembered). */
bool exch_servertab_note(exch_servertab_t *tab, const uint8_t *addr, size_t addr_len,
                         uint16_t port, uint32_t facts, uint32_t frame);

/* The server's entry, NULL when it has none. */
const exch_server_t *exch_servertab_find(const exch_servertab_t *tab, const uint8_t *addr, size_t addr_len,
                                         uint16_t port);

/* The facts known about a server, 0 when none. */
uint32_t exch_servertab_facts(const exch_servertab_t *tab, const uint8_t *addr, size_t addr_len,
                              uint16_t port);

#endif /* EXCH_SERVERTAB_H */
