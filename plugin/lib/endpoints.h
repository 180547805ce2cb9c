/* endpoints.h
 * Learned endpoints: a server address, transport and port that the traffic
 * announced (an endpoint mapper's answer, an RVP Call-Back, an H.245 address),
 * with the role the later connections to it have and the frame that announced
 * it. A fixed-capacity table, so that what it keeps does not grow with the
 * capture, and a bitmap of the ports in it, so that a frame on no learned port
 * costs two bit tests. Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_ENDPOINTS_H
#define EXCH_ENDPOINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCH_ENDPOINTS_MAX 4096          /* endpoints kept per capture */
#define EXCH_ENDPOINT_SLOTS 8192         /* a power of two, twice the maximum */
#define EXCH_ENDPOINT_INTERFACES 8       /* RPC interfaces kept per endpoint (one process serves several: 9 on
                                          * a Samba DC's port) */
#define EXCH_ENDPOINT_CONNECTIONS 8      /* first frames kept of the connections to an endpoint */

typedef struct {
    uint8_t uuid[16];                    /* as on the wire in an NDR little-endian tower */
    uint16_t version;                    /* major version */
    uint32_t announced;                  /* the frame that first announced it on the endpoint */
} exch_interface_t;

typedef struct exch_endpoint_s {
    uint8_t addr[16];                    /* IPv4 in the first 4 bytes */
    uint8_t addr_len;                    /* 4 or 16; 0 = free slot */
    uint8_t transport;                   /* exch_transport_t */
    uint16_t port;
    uint16_t role;                       /* index in exch_roles */
    uint32_t announced;                  /* the frame that announced it */
    uint32_t ended;                      /* the frame that ended it (UNSUBSCRIBE), 0 = open */
    double expires;                      /* when its lease ends (seconds, the capture's clock), 0 = never */
    uint8_t follow;                      /* the announcer's code for the dissector of its connections, 0 = none */
    exch_interface_t interfaces[EXCH_ENDPOINT_INTERFACES];   /* the RPC interfaces announced (EPM) */
    uint8_t ninterfaces;
    uint32_t connections[EXCH_ENDPOINT_CONNECTIONS];        /* the first frames of the connections to it */
    uint32_t nconnections;               /* all of them, also those beyond the ones kept */
} exch_endpoint_t;

typedef struct {
    exch_endpoint_t *slot;               /* EXCH_ENDPOINT_SLOTS, allocated by the first add */
    unsigned count;
    uint8_t ports[2][65536 / 8];         /* per transport: a port some endpoint has */
} exch_endpoints_t;

typedef enum {
    EXCH_ENDPOINT_ADDED,
    EXCH_ENDPOINT_REPEATED,              /* already known and open: the first announcement stays */
    EXCH_ENDPOINT_REOPENED,              /* known but ended: announced again from this frame */
    EXCH_ENDPOINT_FULL,                  /* EXCH_ENDPOINTS_MAX reached: not kept */
    EXCH_ENDPOINT_INVALID                /* port 0, or an address of neither 4 nor 16 bytes */
} exch_endpoint_result_t;

/* Empties the table and frees its slots. */
void exch_endpoints_clear(exch_endpoints_t *t);

/* Records an endpoint announced in a frame; *out (may be NULL) gets its entry
 * when the result is ADDED, REPEATED or REOPENED. */
exch_endpoint_result_t exch_endpoints_add(exch_endpoints_t *t, const uint8_t *addr, size_t addr_len,
                                          unsigned transport, uint16_t port, unsigned role, uint32_t frame,
                                          exch_endpoint_t **out);

/* Whether some endpoint has this port: the test every frame pays. */
static inline bool
exch_endpoints_may_have(const exch_endpoints_t *t, unsigned transport, uint16_t port)
{
    return (t->ports[transport & 1][port >> 3] >> (port & 7)) & 1;
}

/* The endpoint of that address, transport and port, NULL when none. */
exch_endpoint_t *exch_endpoints_find(const exch_endpoints_t *t, const uint8_t *addr, size_t addr_len,
                                     unsigned transport, uint16_t port);

/* Adds an RPC interface announced in a frame to an endpoint; false when it
 * holds EXCH_ENDPOINT_INTERFACES already (an interface it holds is not added
 * twice, and that is true). */
bool exch_endpoint_add_interface(exch_endpoint_t *e, const uint8_t uuid[16], uint16_t version, uint32_t frame);

/* Counts a connection to the endpoint, keeping its first frame when there
 * is room. */
void exch_endpoint_add_connection(exch_endpoint_t *e, uint32_t first_frame);

/* Whether a connection reaching the endpoint in this frame, at this time, is
 * the announced one: after the frame that announced it, up to the one that
 * ended it and within its lease. */
bool exch_endpoint_open_at(const exch_endpoint_t *e, uint32_t frame, double now);

#endif /* EXCH_ENDPOINTS_H */
