/* exch-graph.c
 * tshark -z exch_graph,dot: the labelled traffic as a Graphviz DOT graph.
 * Clients and servers are nodes (servers boxes; Exchange servers, by their
 * evidence, filled); an edge from a client to a server lists the roles and
 * ports it used; connections to learned endpoints get dashed edges of their
 * own. Routing groups, as the link-state connections show them: inside a
 * group the members connect to the routing group master on 691, so each
 * master and the hosts that connected to it on that role are drawn as a
 * cluster. At most GRAPH_EDGES edges; the graph says when more were left out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "compat.h"
#include "exch-evidence.h"
#include "exch-graph.h"
#include "exch-stats.h"

#define GRAPH_EDGES 4096

typedef struct {
    char *client, *server;
    gboolean learned;
    gboolean link_state;         /* the client connected to the server on the lsa role: a member to its master */
    GPtrArray *services;         /* "role port" strings, sorted when drawn */
} edge_t;

typedef struct {
    GHashTable *edges;           /* "client|server|learned" -> edge_t */
    GHashTable *servers;         /* address -> evidence bits (GUINT_TO_POINTER) */
    GHashTable *clients;         /* address -> NULL */
    guint dropped;
} graph_t;

static void
free_edge(gpointer p)
{
    edge_t *e = (edge_t *)p;

    g_free(e->client);
    g_free(e->server);
    g_ptr_array_free(e->services, TRUE);
    g_free(e);
}

static void
graph_reset(void *p)
{
    graph_t *g = (graph_t *)p;

    g_hash_table_remove_all(g->edges);
    g_hash_table_remove_all(g->servers);
    g_hash_table_remove_all(g->clients);
    g->dropped = 0;
}

static edge_t *
edge_of(graph_t *g, const char *client, const char *server, gboolean learned)
{
    char *key = g_strdup_printf("%s|%s|%d", client, server, learned);
    edge_t *e = (edge_t *)g_hash_table_lookup(g->edges, key);

    if (e || g_hash_table_size(g->edges) >= GRAPH_EDGES) {
        g_free(key);
        g->dropped += !e;
        return e;
    }
    e = g_new0(edge_t, 1);
    e->client = g_strdup(client);
    e->server = g_strdup(server);
    e->learned = learned;
    e->services = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_insert(g->edges, key, e);
    return e;
}

static gboolean
has_service(const GPtrArray *services, const char *service)
{
    for (guint i = 0; i < services->len; i++)
        if (strcmp((const char *)g_ptr_array_index(services, i), service) == 0)
            return TRUE;
    return FALSE;
}

static tap_packet_status
add_traffic(graph_t *g, packet_info *pinfo, const exch_tap_info_t *t)
{
    char *server = address_to_str(pinfo->pool, t->server);
    char *client = address_to_str(pinfo->pool, t->peer);
    char *service = wmem_strdup_printf(pinfo->pool, "%s %u", t->role->code, t->server_port);
    edge_t *e = edge_of(g, client, server, strcmp(t->basis, "learned") == 0);
    guint32 evidence = GPOINTER_TO_UINT(g_hash_table_lookup(g->servers, server));

    if (!e)
        return TAP_PACKET_DONT_REDRAW;
    if (!has_service(e->services, service))
        g_ptr_array_add(e->services, g_strdup(service));
    e->link_state |= strcmp(t->role->code, "lsa") == 0;
    g_hash_table_insert(g->servers, g_strdup(server), GUINT_TO_POINTER(evidence | t->evidence));
    if (!g_hash_table_contains(g->clients, client))
        g_hash_table_insert(g->clients, g_strdup(client), NULL);
    return TAP_PACKET_REDRAW;
}

/* Edges are traffic: an attempt an ICMP error turned back is not drawn. */
static tap_packet_status
graph_packet(void *p, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    const exch_tap_info_t *t = (const exch_tap_info_t *)data;

    return t->unreachable ? TAP_PACKET_DONT_REDRAW : add_traffic((graph_t *)p, pinfo, t);
}

static void
print_server(const char *server, guint32 evidence)
{
    GString *kinds = g_string_new(NULL);

    for (unsigned kind = 0; kind < EXCH_EVIDENCE_KINDS; kind++)
        if (evidence & (1u << kind))
            g_string_append_printf(kinds, "%s%s", kinds->len ? ", " : "", exch_evidence[kind].code);
    if (evidence)
        printf("  \"%s\" [shape=box, style=filled, fillcolor=\"%s\", label=\"%s\\nExchange (%s: %s)\"];\n", server,
               exch_evidence_strong(evidence) ? "lightblue" : "lightyellow", server,
               exch_evidence_strong(evidence) ? "strong" : "weak", kinds->str);
    else
        printf("  \"%s\" [shape=box];\n", server);
    g_string_free(kinds, TRUE);
}

static void
print_edge(const edge_t *e)
{
    g_ptr_array_sort(e->services, exch_stats_by_name);
    printf("  \"%s\" -> \"%s\" [label=\"", e->client, e->server);
    for (guint i = 0; i < e->services->len; i++)
        printf("%s%s", i ? "\\n" : "", (const char *)g_ptr_array_index(e->services, i));
    printf("\"%s];\n", e->learned ? ", style=dashed" : "");
}

/* Keys of a table, sorted, so that the graph is the same from run to run. */
static GPtrArray *
sorted_keys(GHashTable *table)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init(&iter, table);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_ptr_array_add(keys, key);
    g_ptr_array_sort(keys, exch_stats_by_name);
    return keys;
}

/* Members of each master's group: the clients of its link-state edges. */
static GHashTable *
routing_groups(graph_t *g, const GPtrArray *edge_keys)
{
    GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);

    for (guint i = 0; i < edge_keys->len; i++) {
        const edge_t *e = (const edge_t *)g_hash_table_lookup(g->edges, g_ptr_array_index(edge_keys, i));
        GPtrArray *members;

        if (!e->link_state)
            continue;
        members = (GPtrArray *)g_hash_table_lookup(groups, e->server);
        if (!members) {
            members = g_ptr_array_new();
            g_hash_table_insert(groups, e->server, members);
        }
        g_ptr_array_add(members, e->client);
    }
    return groups;
}

/* A cluster per master; a host is drawn in one cluster only (a master in its
 * own, a member in that of the first master it connected to). */
static void
print_routing_groups(graph_t *g, const GPtrArray *edge_keys)
{
    GHashTable *groups = routing_groups(g, edge_keys);
    GHashTable *placed = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *masters = sorted_keys(groups);

    for (guint i = 0; i < masters->len; i++)
        g_hash_table_add(placed, g_ptr_array_index(masters, i));
    for (guint i = 0; i < masters->len; i++) {
        const char *master = (const char *)g_ptr_array_index(masters, i);
        GPtrArray *members = (GPtrArray *)g_hash_table_lookup(groups, master);

        printf("  subgraph \"cluster_%s\" {\n    label=\"routing group (master %s)\";\n    style=rounded;\n"
               "    \"%s\";\n", master, master, master);
        g_ptr_array_sort(members, exch_stats_by_name);
        for (guint j = 0; j < members->len; j++)
            if (g_hash_table_add(placed, g_ptr_array_index(members, j)))
                printf("    \"%s\";\n", (const char *)g_ptr_array_index(members, j));
        printf("  }\n");
    }
    g_ptr_array_free(masters, TRUE);
    g_hash_table_destroy(placed);
    g_hash_table_destroy(groups);
}

static void
graph_draw(void *p)
{
    graph_t *g = (graph_t *)p;
    GPtrArray *servers = sorted_keys(g->servers), *clients = sorted_keys(g->clients), *edges = sorted_keys(g->edges);

    printf("digraph exchange {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\"];\n");
    for (guint i = 0; i < servers->len; i++) {
        const char *server = (const char *)g_ptr_array_index(servers, i);
        print_server(server, GPOINTER_TO_UINT(g_hash_table_lookup(g->servers, server)));
    }
    for (guint i = 0; i < clients->len; i++)
        if (!g_hash_table_contains(g->servers, g_ptr_array_index(clients, i)))
            printf("  \"%s\" [shape=ellipse];\n", (const char *)g_ptr_array_index(clients, i));
    for (guint i = 0; i < edges->len; i++)
        print_edge((const edge_t *)g_hash_table_lookup(g->edges, g_ptr_array_index(edges, i)));
    print_routing_groups(g, edges);
    if (g->dropped)
        printf("  // %u frames of client-server pairs beyond %u are not drawn\n", g->dropped, GRAPH_EDGES);
    printf("}\n");
    g_ptr_array_free(servers, TRUE);
    g_ptr_array_free(clients, TRUE);
    g_ptr_array_free(edges, TRUE);
}

static void
graph_finish(void *p)
{
    graph_t *g = (graph_t *)p;

    g_hash_table_destroy(g->edges);
    g_hash_table_destroy(g->servers);
    g_hash_table_destroy(g->clients);
    g_free(g);
}

static exch_stat_init_t
graph_init(const char *opt_arg _U_, void *userdata _U_)
{
    graph_t *g = g_new0(graph_t, 1);

    g->edges = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_edge);
    g->servers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g->clients = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    exch_stats_listen("exch_graph", g, graph_reset, graph_packet, graph_draw, graph_finish);
    return EXCH_STAT_INIT_STARTED;
}

void
exch_graph_register(void)
{
    static stat_tap_ui ui = { REGISTER_PACKET_STAT_GROUP_UNSORTED, NULL, "exch_graph,dot", graph_init, 0, NULL };

    register_stat_tap_ui(&ui, NULL);
}
