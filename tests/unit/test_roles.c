/* test_roles.c
 * Unit tests of the generated role table, the port map and the server-side rule.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "check.h"
#include "roles.h"

static const exch_role_t *
find_role(const char *code, exch_transport_t transport)
{
    for (unsigned i = 0; i < exch_role_count; i++)
        if (strcmp(exch_roles[i].code, code) == 0 && exch_roles[i].transport == transport)
            return &exch_roles[i];
    return NULL;
}

/* The filter API users type: every code of the issue, with its default ports. */
static void
test_table_has_every_role(void)
{
    static const struct { const char *code; exch_transport_t t; const char *ports; bool secure; } want[] = {
        { "ldap", EXCH_TCP, "389", false }, { "ldap", EXCH_UDP, "389", false },
        { "ldap-ssl", EXCH_TCP, "636", true }, { "srs", EXCH_TCP, "379", false },
        { "ldap-alt", EXCH_TCP, "390", false }, { "gc", EXCH_TCP, "3268", false },
        { "gc-ssl", EXCH_TCP, "3269", true }, { "imap4", EXCH_TCP, "143", false },
        { "imap4-ssl", EXCH_TCP, "993", true }, { "pop3", EXCH_TCP, "110", false },
        { "pop3-ssl", EXCH_TCP, "995", true }, { "nntp", EXCH_TCP, "119", false },
        { "nntp-ssl", EXCH_TCP, "563", true }, { "http", EXCH_TCP, "80", false },
        { "http-ssl", EXCH_TCP, "443", true }, { "smtp", EXCH_TCP, "25", false },
        { "smtp-ssl", EXCH_TCP, "465", true }, { "lsa", EXCH_TCP, "691", false },
        { "rvp", EXCH_TCP, "80", false }, { "irc", EXCH_TCP, "6667,7000", false },
        { "irc-ssl", EXCH_TCP, "994", true }, { "x400", EXCH_TCP, "102", false },
        { "msrpc", EXCH_TCP, "135", false }, { "t120", EXCH_TCP, "1503", false },
        { "uls", EXCH_TCP, "522", false }, { "h323", EXCH_TCP, "1720", false },
        { "audio", EXCH_TCP, "1731", false }, { "dns", EXCH_TCP, "53", false },
        { "dns", EXCH_UDP, "53", false },
    };

    CHECK(exch_role_count == sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const exch_role_t *role = find_role(want[i].code, want[i].t);
        CHECK(role != NULL);
        if (!role)
            continue;
        CHECK_STR(role->default_ports, want[i].ports);
        CHECK(role->secure == want[i].secure);
        CHECK(role->service[0] && role->component[0] && role->description[0]);
    }
    CHECK(find_role("rvp", EXCH_TCP)->match == EXCH_MATCH_CONTENT);
    CHECK_STR(find_role("x400", EXCH_TCP)->unless, "s7comm");
    CHECK_STR(find_role("gc", EXCH_TCP)->component, "Active Directory Global Catalog");
    CHECK_STR(find_role("lsa", EXCH_TCP)->component, "Routing Engine (RESvc)");
    CHECK_STR(find_role("gc-ssl", EXCH_TCP)->directory, "global-catalog");
    CHECK_STR(find_role("srs", EXCH_TCP)->directory, "exchange55-srs");
    CHECK_STR(find_role("ldap-alt", EXCH_TCP)->directory, "exchange55-alt");
    CHECK_STR(find_role("ldap", EXCH_UDP)->directory, "domain");
    CHECK_STR(find_role("smtp", EXCH_TCP)->directory, "");
}

static void
test_portmap(void)
{
    exch_portmap_t *map = calloc(1, sizeof *map);
    unsigned gc = (unsigned)(find_role("gc", EXCH_TCP) - exch_roles);
    unsigned http = (unsigned)(find_role("http", EXCH_TCP) - exch_roles);
    unsigned rvp = (unsigned)(find_role("rvp", EXCH_TCP) - exch_roles);
    unsigned dns_udp = (unsigned)(find_role("dns", EXCH_UDP) - exch_roles);

    exch_portmap_clear(map);
    CHECK(exch_portmap_lookup(map, EXCH_TCP, 3268) == NULL);
    CHECK(exch_portmap_claim(map, EXCH_TCP, 3268, gc));
    CHECK(exch_portmap_lookup(map, EXCH_TCP, 3268) == &exch_roles[gc]);
    CHECK(exch_portmap_lookup(map, EXCH_UDP, 3268) == NULL);
    /* first come, first served */
    CHECK(!exch_portmap_claim(map, EXCH_TCP, 3268, http));
    CHECK(exch_portmap_lookup(map, EXCH_TCP, 3268) == &exch_roles[gc]);
    /* content-only roles, a role on the wrong transport and bad indexes never enter */
    CHECK(!exch_portmap_claim(map, EXCH_TCP, 80, rvp));
    CHECK(!exch_portmap_claim(map, EXCH_TCP, 53, dns_udp));
    CHECK(!exch_portmap_claim(map, EXCH_TCP, 1, exch_role_count));
    CHECK(!exch_portmap_claim(map, EXCH_TCP, 1, 100000));
    CHECK(exch_portmap_claim(map, EXCH_TCP, 0, gc) && exch_portmap_claim(map, EXCH_TCP, 65535, gc));
    CHECK(exch_portmap_lookup(map, EXCH_TCP, 65535) == &exch_roles[gc]);
    free(map);
}

static void
test_server_side(void)
{
    CHECK(exch_server_side(false, false, 1, 2, 0) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(false, false, 1, 2, 2) == EXCH_SIDE_NONE);
    /* the SYN went to the role's port */
    CHECK(exch_server_side(true, false, 3268, 50000, 3268) == EXCH_SIDE_SRC);
    CHECK(exch_server_side(false, true, 50000, 3268, 3268) == EXCH_SIDE_DST);
    /* the SYN went to the other port: the role's port is the client's */
    CHECK(exch_server_side(true, false, 3268, 445, 445) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(false, true, 1032, 3268, 1032) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(true, false, 3268, 50000, 50000) == EXCH_SIDE_NONE);
    /* both known: the SYN decides, against the lower port */
    CHECK(exch_server_side(true, true, 389, 3268, 3268) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, true, 3268, 389, 3268) == EXCH_SIDE_SRC);
    /* no SYN, both known: the lower port */
    CHECK(exch_server_side(true, true, 636, 143, 0) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, true, 143, 636, 0) == EXCH_SIDE_SRC);
    /* a SYN port that is neither end (port reuse) is no SYN */
    CHECK(exch_server_side(true, true, 143, 636, 25) == EXCH_SIDE_SRC);
    CHECK(exch_server_side(true, false, 3268, 445, 25) == EXCH_SIDE_NONE);
    /* equal ports: the destination */
    CHECK(exch_server_side(true, true, 53, 53, 0) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, true, 53, 53, 53) == EXCH_SIDE_DST);
    /* no SYN, one known: the port no client takes by default is the server's */
    CHECK(exch_server_side(true, false, 3268, 1024, 0) == EXCH_SIDE_SRC);    /* both may be clients' */
    CHECK(exch_server_side(true, false, 3268, 1023, 0) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(false, true, 1023, 3268, 0) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(false, true, 1024, 3268, 0) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, false, 3268, 445, 0) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(true, false, 3268, 5001, 0) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(true, false, 3268, 9999, 0) == EXCH_SIDE_NONE);
    CHECK(exch_server_side(true, false, 3268, 5000, 0) == EXCH_SIDE_SRC);
    CHECK(exch_server_side(true, false, 3268, 10000, 0) == EXCH_SIDE_SRC);
    CHECK(exch_server_side(true, false, 1023, 445, 0) == EXCH_SIDE_SRC);     /* neither may be */
    CHECK(exch_server_side(false, true, 50000, 389, 0) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, false, 53, 53000, 0) == EXCH_SIDE_SRC);
    CHECK(exch_server_side(true, false, 6667, 5060, 0) == EXCH_SIDE_SRC);
    CHECK(exch_server_side(false, true, 4997, 3268, 0) == EXCH_SIDE_DST);    /* both in 1025-5000 */
    /* no SYN, both known: the one no client takes, else the lower */
    CHECK(exch_server_side(true, true, 3268, 6667, 0) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, true, 3268, 1503, 0) == EXCH_SIDE_DST);
    CHECK(exch_server_side(true, true, 25, 3268, 0) == EXCH_SIDE_SRC);
    /* the boundaries of the client ranges */
    CHECK(!exch_port_may_be_client(0) && !exch_port_may_be_client(1023));
    CHECK(exch_port_may_be_client(1024) && exch_port_may_be_client(5000));
    CHECK(!exch_port_may_be_client(5001) && !exch_port_may_be_client(9999));
    CHECK(exch_port_may_be_client(10000) && exch_port_may_be_client(65535));
}

int
main(void)
{
    test_table_has_every_role();
    test_portmap();
    test_server_side();
    return CHECK_DONE();
}
