/* exch-stats.h
 * The "exch" tap: what the postdissector decided for each labelled frame, and
 * the statistics built on it (Statistics › Exchange in the GUI, tshark -z).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_STATS_H
#define EXCH_STATS_H

#include <epan/packet.h>
#include <epan/tap.h>

#include "exch-unreachable.h"
#include "lib/roles.h"

/* One labelled frame, as the tap hands it to the statistics. */
typedef struct {
    const exch_role_t *role;
    const char *basis;              /* "port", "content" or "learned" */
    gboolean secure;
    gboolean to_server;
    const address *server;          /* the frame's source or destination */
    const address *peer;            /* the other end */
    guint16 server_port;
    gboolean tcp;
    guint32 connection;             /* TCP: the conversation's index + 1; 0 when unknown or UDP */
    guint8 completeness;            /* TCP: the connection's state so far (tcp.completeness bits) */
    guint32 evidence;               /* what the server has shown up to this frame (exch_evidence_shown) */
    guint32 bytes;                  /* the frame's length on the wire */
    const exch_unreachable_info_t *unreachable;  /* an ICMP error quoting the frame's attempt: the other
                                                    fields describe the attempt; NULL for the role's traffic */
} exch_tap_info_t;

/* In proto_register_exch: the tap. */
void exch_stats_register_tap(void);

/* Whether a statistic listens: the labelling fills a record only then. */
gboolean exch_stats_wanted(void);

/* Hands a labelled frame to the statistics. */
void exch_stats_queue(packet_info *pinfo, const exch_tap_info_t *info);

/* A report's listener on the exch tap; exits when tshark cannot register it. */
void exch_stats_listen(const char *report, void *data, tap_reset_cb reset, tap_packet_cb packet, tap_draw_cb draw,
                       tap_finish_cb finish);

/* For the reports: g_ptr_array_sort of strings. */
gint exch_stats_by_name(gconstpointer a, gconstpointer b);

/* For the reports: t in UTC, ISO 8601, with microseconds. */
void exch_stats_time_text(const nstime_t *t, char *out, size_t size);

/* The plugin's tap registration (plugin.c): the statistics trees. */
void exch_stats_register_trees(void);

#endif /* EXCH_STATS_H */
