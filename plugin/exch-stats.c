/* exch-stats.c
 * Statistics of the labelled frames, as stats trees (Statistics › Exchange in
 * the GUI; tshark -z exch_roles,tree and -z exch_hosts,tree):
 *   exch_roles: frames and bytes per role, secure or cleartext, per server;
 *   exch_hosts: per server, the roles it served and the evidence it showed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stats_tree.h>
#include <epan/to_str.h>

#include "exch-evidence.h"
#include "exch-firewall.h"
#include "exch-graph.h"
#include "exch-stats.h"

static int exch_tap = -1;

void
exch_stats_register_tap(void)
{
    exch_tap = register_tap("exch");
}

gboolean
exch_stats_wanted(void)
{
    return have_tap_listener(exch_tap);
}

void
exch_stats_queue(packet_info *pinfo, const exch_tap_info_t *info)
{
    tap_queue_packet(exch_tap, pinfo, wmem_memdup(pinfo->pool, info, sizeof *info));
}

void
exch_stats_listen(const char *report, void *data, tap_reset_cb reset, tap_packet_cb packet, tap_draw_cb draw,
                  tap_finish_cb finish)
{
    GString *error = register_tap_listener("exch", data, NULL, TL_REQUIRES_NOTHING, reset, packet, draw, finish);

    if (error) {
        finish(data);
        fprintf(stderr, "tshark: couldn't register the %s tap: %s\n", report, error->str);
        g_string_free(error, TRUE);
        exit(1);
    }
}

gint
exch_stats_by_name(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

void
exch_stats_time_text(const nstime_t *t, char *out, size_t size)
{
    GDateTime *dt = g_date_time_new_from_unix_utc((gint64)t->secs);
    gchar *text = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S") : NULL;

    g_snprintf(out, (gulong)size, "%s.%06dZ", text ? text : "?", t->nsecs / 1000);
    g_free(text);
    if (dt)
        g_date_time_unref(dt);
}

/* --- exch_roles ---------------------------------------------------------- */

static const char roles_frames[] = "Frames by role";
static const char roles_bytes[] = "Bytes by role";
static int roles_frames_node = -1;
static int roles_bytes_node = -1;

static void
roles_init(stats_tree *st)
{
    roles_frames_node = stats_tree_create_node(st, roles_frames, 0, STAT_DT_INT, TRUE);
    roles_bytes_node = stats_tree_create_node(st, roles_bytes, 0, STAT_DT_INT, TRUE);
}

/* role > secure or cleartext > server, under a root: one frame, or its bytes */
static void
count_role(stats_tree *st, int root, const exch_tap_info_t *t, const char *server, int amount)
{
    const char *layer = t->secure ? "secure" : "cleartext";
    int role = increase_stat_node(st, t->role->code, root, TRUE, amount);
    int secure = increase_stat_node(st, layer, role, TRUE, amount);

    increase_stat_node(st, server, secure, TRUE, amount);
}

static tap_packet_status
roles_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_, const void *p, tap_flags_t flags _U_)
{
    const exch_tap_info_t *t = (const exch_tap_info_t *)p;
    const char *server;

    if (t->unreachable)
        return TAP_PACKET_DONT_REDRAW;
    server = address_to_str(pinfo->pool, t->server);
    increase_stat_node(st, roles_frames, 0, TRUE, 1);
    increase_stat_node(st, roles_bytes, 0, TRUE, (int)t->bytes);
    count_role(st, roles_frames_node, t, server, 1);
    count_role(st, roles_bytes_node, t, server, (int)t->bytes);
    return TAP_PACKET_REDRAW;
}

/* --- exch_hosts ---------------------------------------------------------- */

static const char hosts_servers[] = "Servers";
static int hosts_node = -1;

static void
hosts_init(stats_tree *st)
{
    hosts_node = stats_tree_create_node(st, hosts_servers, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status
hosts_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_, const void *p, tap_flags_t flags _U_)
{
    const exch_tap_info_t *t = (const exch_tap_info_t *)p;
    int server;

    if (t->unreachable)
        return TAP_PACKET_DONT_REDRAW;
    server = tick_stat_node(st, address_to_str(pinfo->pool, t->server), hosts_node, TRUE);
    tick_stat_node(st, hosts_servers, 0, TRUE);
    tick_stat_node(st, wmem_strdup_printf(pinfo->pool, "role %s port %u", t->role->code, t->server_port), server,
                   FALSE);
    for (unsigned kind = 0; kind < EXCH_EVIDENCE_KINDS; kind++)
        if (t->evidence & (1u << kind))
            tick_stat_node(st, wmem_strdup_printf(pinfo->pool, "evidence %s (%s)", exch_evidence[kind].code,
                                                  exch_evidence[kind].strong ? "strong" : "weak"), server, FALSE);
    return TAP_PACKET_REDRAW;
}

void
exch_stats_register_trees(void)
{
    stats_tree_register_plugin("exch", "exch_roles", "Exchange/Roles", 0, roles_packet, roles_init, NULL);
    stats_tree_register_plugin("exch", "exch_hosts", "Exchange/Servers", 0, hosts_packet, hosts_init, NULL);
    exch_firewall_register();
    exch_graph_register();
}
