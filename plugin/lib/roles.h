/* roles.h
 * The Exchange service roles (generated from fields/roles.tsv) and the port map
 * that finds a role from a port. Pure C: no Wireshark types, so it is unit-tested
 * and fuzzed on its own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_ROLES_H
#define EXCH_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { EXCH_TCP, EXCH_UDP, EXCH_TRANSPORTS } exch_transport_t;

/* EXCH_MATCH_CONTENT roles share a port with another role and are only given
 * when the content says so: they never enter the port map. */
typedef enum { EXCH_MATCH_PORT, EXCH_MATCH_CONTENT } exch_match_t;

typedef struct {
    const char *code;          /* the filter value: exch.role == "gc" */
    const char *pref_name;     /* its port-range preference, e.g. "gc_tcp_ports" */
    exch_transport_t transport;
    const char *default_ports; /* "6667,7000" */
    const char *service;       /* the seed's protocol name, e.g. "LDAP/SSL" */
    const char *component;     /* the Windows/Exchange component that owns the port */
    const char *description;   /* the seed's description */
    bool secure;               /* the SSL variant of a service */
    exch_match_t match;
    const char *unless;        /* comma-separated protocols that veto the role, or "" */
    const char *directory;     /* an LDAP port's directory: "domain", "global-catalog", ...; or "" */
    const char *dissector;     /* the plugin's dissector on the role's ports ("xlsa", "exch_ldap"), or "" */
} exch_role_t;

extern const exch_role_t exch_roles[];
extern const unsigned exch_role_count;

/* One byte per port and transport: 0 = no role, else the role's index + 1. */
#define EXCH_PORTMAP_NONE 0
typedef struct {
    uint8_t slot[EXCH_TRANSPORTS][65536];
} exch_portmap_t;

void exch_portmap_clear(exch_portmap_t *map);

/* Gives a port to a role unless another role has it already (the first role in
 * table order wins). Returns false when the port was taken or the role is
 * unusable (out of range, content-only, other transport). */
bool exch_portmap_claim(exch_portmap_t *map, exch_transport_t transport,
                        uint16_t port, unsigned role_index);

/* The role of a port, or NULL. */
static inline const exch_role_t *
exch_portmap_lookup(const exch_portmap_t *map, exch_transport_t transport, uint16_t port)
{
    uint8_t slot = map->slot[transport][port];
    return slot == EXCH_PORTMAP_NONE ? NULL : &exch_roles[slot - 1];
}

typedef enum { EXCH_SIDE_NONE, EXCH_SIDE_SRC, EXCH_SIDE_DST } exch_side_t;

/* Whether an operating system takes client source ports from this port by
 * default: Windows 2000/2003 from 1025-5000, BSD once from 1024-5000, Linux
 * from 32768-60999, FreeBSD from 10000-65535, Windows Vista on and macOS from
 * 49152-65535. Below 1024 and in 5001-9999 only services listen. */
bool exch_port_may_be_client(uint16_t port);

/* Which endpoint of a flow is the server; EXCH_SIDE_NONE when the server's
 * port has no role (the role's port is then only the client's port).
 * syn_server_port: the port the TCP SYN went to, 0 when no SYN was seen.
 *   - A SYN was seen: the endpoint it went to.
 *   - Else, when one port may be a client's (exch_port_may_be_client) and the
 *     other may not: the other.
 *   - Else, when both ports have a role: the lower port (equal ports: the
 *     destination); when one has: that one. */
exch_side_t exch_server_side(bool src_has_role, bool dst_has_role,
                             uint16_t srcport, uint16_t dstport, uint16_t syn_server_port);

#endif /* EXCH_ROLES_H */
