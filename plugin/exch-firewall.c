/* exch-firewall.c
 * tshark -z exch_firewall[,csv]: every (server, transport, port, role) that
 * carried Exchange traffic — by port, content or a learned endpoint — with
 * its peers and the peers that opened connections, connections, frames,
 * bytes, first and last frame and whether all of it was encrypted; and what
 * failed: endpoints whose SYNs were refused with a reset, that an ICMP
 * destination unreachable quoting an attempt blocked (with the senders of the
 * errors), or that never answered. One row per endpoint and role, at most
 * FW_ROWS_MAX rows; the report says when rows or peers were dropped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "compat.h"
#include "exch-findings.h"
#include "exch-firewall.h"
#include "exch-stats.h"

#define FW_ROWS_MAX 4096             /* endpoints reported */
#define FW_PEERS_MAX 1024            /* peers counted per endpoint */
#define FW_CONNECTIONS_MAX 65536     /* TCP connections followed */
#define FW_OPENERS_SHOWN 8           /* peers listed as having opened connections */
#define FW_SENDERS_MAX 16            /* ICMP error senders (with reasons) kept per endpoint */

/* tcp.completeness bits (packet-tcp.c) */
#define TCP_SYN_SENT 0x01
#define TCP_SYN_ACK 0x02
#define TCP_RST 0x20

enum { BASIS_PORT = 1, BASIS_CONTENT = 2, BASIS_LEARNED = 4 };
typedef enum { FW_OPEN, FW_REFUSED, FW_BLOCKED, FW_UNANSWERED, FW_STATES } fw_state_t;
static const char *const state_names[FW_STATES] = { "open", "refused", "blocked", "unanswered" };

#define PEER_OPENED GINT_TO_POINTER(1)  /* value of a peer that opened a connection (else NULL) */

typedef struct {
    char *server;
    gboolean tcp;
    guint16 port;
    const char *role;
    guint8 bases;
    gboolean cleartext;              /* some frame was not secure */
    gboolean answered;               /* some frame came from the server */
    guint64 frames, bytes;
    nstime_t first, last;
    GHashTable *peers;               /* address string -> PEER_OPENED or NULL */
    gboolean peers_capped;
    guint connections[FW_STATES];
    guint unreachable;               /* ICMP destination unreachable errors quoting an attempt */
    GHashTable *senders;             /* "sender/reason" of those errors */
    gboolean senders_capped;
} fw_row_t;

typedef struct {
    fw_row_t *row;
    guint8 completeness;             /* all the bits seen */
    gboolean unreachable;            /* an ICMP error quoted one of its segments */
} fw_connection_t;

typedef struct {
    gboolean csv;
    exch_findings_t *findings;       /* the section after the endpoints (a listener of its own) */
    GHashTable *rows;                /* "server|transport|port|role" -> fw_row_t */
    GHashTable *connections;         /* connection number -> fw_connection_t */
    guint rows_dropped, connections_dropped;
} fw_report_t;

static void
free_row(gpointer p)
{
    fw_row_t *row = (fw_row_t *)p;

    g_free(row->server);
    g_hash_table_destroy(row->peers);
    g_hash_table_destroy(row->senders);
    g_free(row);
}

static void
fw_reset(void *p)
{
    fw_report_t *r = (fw_report_t *)p;

    g_hash_table_remove_all(r->connections);
    g_hash_table_remove_all(r->rows);
    r->rows_dropped = r->connections_dropped = 0;
}

static guint8
basis_bit(const char *basis)
{
    return strcmp(basis, "learned") == 0 ? BASIS_LEARNED : strcmp(basis, "content") == 0 ? BASIS_CONTENT
                                                                                      : BASIS_PORT;
}

static fw_row_t *
row_of(fw_report_t *r, packet_info *pinfo, const exch_tap_info_t *t)
{
    char *server = address_to_str(pinfo->pool, t->server);
    char *key = wmem_strdup_printf(pinfo->pool, "%s|%s|%u|%s", server, t->tcp ? "tcp" : "udp", t->server_port,
                                   t->role->code);
    fw_row_t *row = (fw_row_t *)g_hash_table_lookup(r->rows, key);

    if (row)
        return row;
    if (g_hash_table_size(r->rows) >= FW_ROWS_MAX) {
        r->rows_dropped++;
        return NULL;
    }
    row = g_new0(fw_row_t, 1);
    row->server = g_strdup(server);
    row->tcp = t->tcp;
    row->port = t->server_port;
    row->role = t->role->code;
    row->first = pinfo->abs_ts;
    row->peers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    row->senders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_insert(r->rows, g_strdup(key), row);
    return row;
}

static void
note_connection(fw_report_t *r, fw_row_t *row, const exch_tap_info_t *t)
{
    fw_connection_t *c;

    if (!t->connection)
        return;
    c = (fw_connection_t *)g_hash_table_lookup(r->connections, GUINT_TO_POINTER(t->connection));
    if (!c) {
        if (g_hash_table_size(r->connections) >= FW_CONNECTIONS_MAX) {
            r->connections_dropped++;
            return;
        }
        c = g_new0(fw_connection_t, 1);
        c->row = row;
        g_hash_table_insert(r->connections, GUINT_TO_POINTER(t->connection), c);
    }
    c->completeness |= t->completeness;
    c->unreachable |= t->unreachable != NULL;
}

/* The peer opened a connection when it sent to the server of a TCP connection
 * whose SYN was seen (the server is the SYN's destination), sent a UDP
 * datagram to it, or tried to (an ICMP error quoted the attempt). */
static void
note_peer(fw_row_t *row, packet_info *pinfo, const exch_tap_info_t *t)
{
    char *peer = address_to_str(pinfo->pool, t->peer);
    gboolean opened = t->to_server && (!t->tcp || t->unreachable || (t->completeness & TCP_SYN_SENT));
    gpointer known;

    if (g_hash_table_lookup_extended(row->peers, peer, NULL, &known)) {
        if (opened && !known)
            g_hash_table_insert(row->peers, g_strdup(peer), PEER_OPENED);
    } else if (g_hash_table_size(row->peers) >= FW_PEERS_MAX) {
        row->peers_capped = TRUE;
    } else {
        g_hash_table_insert(row->peers, g_strdup(peer), opened ? PEER_OPENED : NULL);
    }
}

static void
note_unreachable(fw_row_t *row, packet_info *pinfo, const exch_unreachable_info_t *error)
{
    char *sender = wmem_strdup_printf(pinfo->pool, "%s/%s", address_to_str(pinfo->pool, &error->sender),
                                      exch_unreachable_name(error->reason));

    row->unreachable++;
    if (g_hash_table_contains(row->senders, sender))
        return;
    if (g_hash_table_size(row->senders) >= FW_SENDERS_MAX)
        row->senders_capped = TRUE;
    else
        g_hash_table_add(row->senders, g_strdup(sender));
}

static void
note_times(fw_row_t *row, packet_info *pinfo)
{
    if (nstime_cmp(&pinfo->abs_ts, &row->first) < 0)
        row->first = pinfo->abs_ts;
    if (nstime_cmp(&pinfo->abs_ts, &row->last) > 0)
        row->last = pinfo->abs_ts;
}

static tap_packet_status
fw_packet(void *p, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    fw_report_t *r = (fw_report_t *)p;
    const exch_tap_info_t *t = (const exch_tap_info_t *)data;
    fw_row_t *row = row_of(r, pinfo, t);

    if (!row)
        return TAP_PACKET_DONT_REDRAW;
    row->bases |= basis_bit(t->basis);
    if (t->unreachable) {
        note_unreachable(row, pinfo, t->unreachable);
    } else {
        row->cleartext |= !t->secure;
        row->answered |= !t->to_server;
        row->frames++;
        row->bytes += t->bytes;
    }
    note_times(row, pinfo);
    note_peer(row, pinfo, t);
    note_connection(r, row, t);
    return TAP_PACKET_REDRAW;
}

/* A connection whose SYN got no SYN-ACK was refused (a reset), blocked (an
 * ICMP error quoted it) or went unanswered. */
static fw_state_t
connection_state(const fw_connection_t *c)
{
    if (!(c->completeness & TCP_SYN_SENT) || (c->completeness & TCP_SYN_ACK))
        return FW_OPEN;
    return (c->completeness & TCP_RST) ? FW_REFUSED : c->unreachable ? FW_BLOCKED : FW_UNANSWERED;
}

/* The best that happened at the endpoint. An ICMP error may quote an attempt
 * whose connection the capture does not hold: it still makes the row blocked. */
static fw_state_t
row_state(const fw_row_t *row)
{
    gboolean blocked = row->unreachable || row->connections[FW_BLOCKED];

    if (!row->tcp)
        return row->answered ? FW_OPEN : blocked ? FW_BLOCKED : FW_UNANSWERED;
    if (row->connections[FW_OPEN])
        return FW_OPEN;
    if (row->connections[FW_REFUSED])
        return FW_REFUSED;
    if (blocked)
        return FW_BLOCKED;
    return row->connections[FW_UNANSWERED] ? FW_UNANSWERED : FW_OPEN;
}

static gint
by_state_then_endpoint(gconstpointer a, gconstpointer b)
{
    const fw_row_t *x = *(const fw_row_t *const *)a, *y = *(const fw_row_t *const *)b;
    int c = (int)row_state(x) - (int)row_state(y);

    if (!c)
        c = g_strcmp0(x->server, y->server);
    if (!c)
        c = (int)y->tcp - (int)x->tcp;
    if (!c)
        c = (int)x->port - (int)y->port;
    return c ? c : g_strcmp0(x->role, y->role);
}

static char *
basis_text(guint8 bases)
{
    GString *s = g_string_new(NULL);

    if (bases & BASIS_PORT)
        g_string_append(s, "+port");
    if (bases & BASIS_CONTENT)
        g_string_append(s, "+content");
    if (bases & BASIS_LEARNED)
        g_string_append(s, "+learned");
    g_string_erase(s, 0, s->len ? 1 : 0);
    return g_string_free(s, FALSE);
}

/* The keys of set whose value is wanted (NULL: all), sorted, space-separated,
 * at most shown of them; " +" when there are more, or more were not kept. */
static char *
keys_text(GHashTable *set, gconstpointer wanted, guint shown, gboolean capped)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key, value;
    GString *s = g_string_new(NULL);

    g_hash_table_iter_init(&iter, set);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (!wanted || value == wanted)
            g_ptr_array_add(keys, key);
    g_ptr_array_sort(keys, exch_stats_by_name);
    for (guint i = 0; i < keys->len && i < shown; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "", (const char *)g_ptr_array_index(keys, i));
    if (keys->len > shown || capped)
        g_string_append(s, s->len ? " +" : "+");
    if (!s->len)
        g_string_append(s, "-");
    g_ptr_array_free(keys, TRUE);
    return g_string_free(s, FALSE);
}

static const char columns[] =
    "status,server,transport,port,role,basis,peers,connections,failed,frames,bytes,first_seen,last_seen,encrypted,"
    "opened_by,unreachable,unreachable_from";

static void
print_row(const fw_report_t *r, const fw_row_t *row)
{
    char first[40], last[40], peers[16], connections[16], failed[16];
    char *basis = basis_text(row->bases);
    char *openers = keys_text(row->peers, PEER_OPENED, FW_OPENERS_SHOWN, row->peers_capped);
    char *senders = keys_text(row->senders, NULL, FW_SENDERS_MAX, row->senders_capped);
    guint failures = row->connections[FW_REFUSED] + row->connections[FW_BLOCKED] + row->connections[FW_UNANSWERED];

    exch_stats_time_text(&row->first, first, sizeof first);
    exch_stats_time_text(&row->last, last, sizeof last);
    g_snprintf(peers, sizeof peers, "%u%s", g_hash_table_size(row->peers), row->peers_capped ? "+" : "");
    g_snprintf(connections, sizeof connections, row->tcp ? "%u" : "-", row->connections[FW_OPEN] + failures);
    g_snprintf(failed, sizeof failed, row->tcp ? "%u" : "-", failures);
    printf(r->csv ? "%s,%s,%s,%u,%s,%s,%s,%s,%s,%" PRIu64 ",%" PRIu64 ",%s,%s,%s,%s,%u,%s\n"
                  : "%-10s %-15s %-4s %5u %-9s %-13s %6s %6s %6s %8" PRIu64 " %11" PRIu64 " %-27s %-27s %-9s "
                    "%-24s %7u %s\n",
           state_names[row_state(row)], row->server, row->tcp ? "tcp" : "udp", row->port, row->role, basis, peers,
           connections, failed, row->frames, row->bytes, first, last,
           !row->frames ? "-" : row->cleartext ? "no" : "yes", openers,
           row->unreachable, senders);
    g_free(senders);
    g_free(openers);
    g_free(basis);
}

static void
fw_draw(void *p)
{
    fw_report_t *r = (fw_report_t *)p;
    GHashTableIter iter;
    gpointer value;
    GPtrArray *rows = g_ptr_array_new();

    g_hash_table_iter_init(&iter, r->rows);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        memset(((fw_row_t *)value)->connections, 0, sizeof ((fw_row_t *)value)->connections);
        g_ptr_array_add(rows, value);
    }
    g_hash_table_iter_init(&iter, r->connections);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const fw_connection_t *c = (const fw_connection_t *)value;
        c->row->connections[connection_state(c)]++;
    }
    g_ptr_array_sort(rows, by_state_then_endpoint);
    if (r->csv) {
        printf("%s\n", columns);
    } else {
        printf("\n=== Exchange firewall report: the endpoints that carried Exchange traffic, and those that failed\n");
        printf("%-10s %-15s %-4s %5s %-9s %-13s %6s %6s %6s %8s %11s %-27s %-27s %-9s %-24s %7s %s\n", "status",
               "server", "proto", "port", "role", "basis", "peers", "conns", "failed", "frames", "bytes",
               "first seen (UTC)", "last seen (UTC)", "encrypted", "opened by", "unreach", "unreachable from");
    }
    for (guint i = 0; i < rows->len; i++)
        print_row(r, (const fw_row_t *)g_ptr_array_index(rows, i));
    if (r->rows_dropped || r->connections_dropped)
        printf("%s%u frames of endpoints beyond %u and %u of connections beyond %u are not counted\n",
               r->csv ? "# " : "", r->rows_dropped, FW_ROWS_MAX, r->connections_dropped, FW_CONNECTIONS_MAX);
    exch_findings_print(r->findings, r->csv);
    if (!r->csv)
        printf("===\n");
    g_ptr_array_free(rows, TRUE);
}

static void
fw_finish(void *p)
{
    fw_report_t *r = (fw_report_t *)p;

    g_hash_table_destroy(r->connections);
    g_hash_table_destroy(r->rows);
    g_free(r);
}

static exch_stat_init_t
fw_init(const char *opt_arg, void *userdata _U_)
{
    fw_report_t *r = g_new0(fw_report_t, 1);

    r->csv = g_str_has_prefix(opt_arg, "exch_firewall,csv");
    r->rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_row);
    r->connections = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    r->findings = exch_findings_listen();
    if (!r->findings)
        exit(1);
    exch_stats_listen("exch_firewall", r, fw_reset, fw_packet, fw_draw, fw_finish);
    return EXCH_STAT_INIT_STARTED;
}

void
exch_firewall_register(void)
{
    static stat_tap_ui ui = { REGISTER_PACKET_STAT_GROUP_UNSORTED, NULL, "exch_firewall", fw_init, 0, NULL };

    register_stat_tap_ui(&ui, NULL);
}
