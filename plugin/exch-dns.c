/* exch-dns.c
 * Locator lookups that failed. The failure of an answer is in the answer; a
 * lookup never answered is known only once the capture has been read: the
 * first pass keeps each locator query (at most DNS_QUERIES_MAX) under its
 * conversation and DNS id, the answer marks it answered, and a second pass
 * (tshark -2, the GUI) shows the queries left unanswered.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/proto_data.h>

#include "beside.h"
#include "exch-conv.h"
#include "exch-dns.h"
#include "lib/dnsmsg.h"

#define DNS_QUERIES_MAX 65536        /* locator queries followed in a capture */
#define DNS_FRAME_QUERIES 8          /* locator queries followed in one frame (DNS over TCP) */

typedef struct {
    guint32 response_frame;          /* 0: none yet */
} dns_query_t;

/* The locator queries a frame asked, by DNS id. */
typedef struct {
    guint count;
    guint16 ids[DNS_FRAME_QUERIES];
    dns_query_t *queries[DNS_FRAME_QUERIES];
} frame_queries_t;

static int proto_owner = -1;
static expert_field ei_exch_dns_failure = EI_INIT;
static expert_field ei_exch_dns_queries_capped = EI_INIT;
static wmem_map_t *queries;          /* (conversation index << 16 | DNS id) -> dns_query_t */

static void dns_analyse(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, int end);
static beside_t dns_beside = { "dns", "exch.dns", -1, dns_analyse, NULL, NULL };

static void
dns_init(void)
{
    queries = wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
}

/* The stock DNS dissector sets up the conversation; without one, the id alone. */
static gint64 *
query_key(packet_info *pinfo, guint16 id)
{
    conversation_t *conv = exch_conversation(pinfo);
    gint64 *key = wmem_new(wmem_file_scope(), gint64);

    *key = (gint64)(conv ? conv->conv_index : G_MAXUINT32) << 16 | id;
    return key;
}

static void
note_in_frame(packet_info *pinfo, guint16 id, dns_query_t *query)
{
    frame_queries_t *frame = (frame_queries_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_owner,
                                                                 EXCH_FRAME_DNS_QUERY);

    if (!frame) {
        frame = wmem_new0(wmem_file_scope(), frame_queries_t);
        p_add_proto_data(wmem_file_scope(), pinfo, proto_owner, EXCH_FRAME_DNS_QUERY, frame);
    }
    if (frame->count == DNS_FRAME_QUERIES)
        return;
    frame->ids[frame->count] = id;
    frame->queries[frame->count++] = query;
}

static const dns_query_t *
query_in_frame(packet_info *pinfo, guint16 id)
{
    const frame_queries_t *frame = (const frame_queries_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_owner,
                                                                             EXCH_FRAME_DNS_QUERY);

    for (guint i = 0; frame && i < frame->count; i++)
        if (frame->ids[i] == id)
            return frame->queries[i];
    return NULL;
}

/* First pass: a new query (or one reusing an answered query's id) is kept,
 * unless a cap is reached. */
static void
keep_query(packet_info *pinfo, guint16 id)
{
    gint64 *key = query_key(pinfo, id);
    dns_query_t *query = (dns_query_t *)wmem_map_lookup(queries, key);

    if (!query || query->response_frame) {
        if (wmem_map_size(queries) >= DNS_QUERIES_MAX)
            return;
        query = wmem_new0(wmem_file_scope(), dns_query_t);
        wmem_map_insert(queries, key, query);
    }
    note_in_frame(pinfo, id, query);
}

static void
note_answer(packet_info *pinfo, guint16 id)
{
    gint64 *key = query_key(pinfo, id);
    dns_query_t *query = key ? (dns_query_t *)wmem_map_lookup(queries, key) : NULL;

    if (query && !query->response_frame)
        query->response_frame = pinfo->num;
}

static void
check_query(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const exch_dns_msg_t *msg)
{
    const dns_query_t *query;

    if (!PINFO_FD_VISITED(pinfo))
        keep_query(pinfo, msg->id);
    query = query_in_frame(pinfo, msg->id);
    if (!query)
        proto_tree_add_expert(tree, pinfo, &ei_exch_dns_queries_capped, tvb, 0, 0);
    else if (PINFO_FD_VISITED(pinfo) && !query->response_frame)
        proto_tree_add_expert_format(tree, pinfo, &ei_exch_dns_failure, tvb, 0, 0,
                                     "DNS failure: %s: no answer", msg->name);
}

static void
check_response(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const exch_dns_msg_t *msg)
{
    const char *failure = exch_dns_failure_name(msg->rcode);

    if (!PINFO_FD_VISITED(pinfo))
        note_answer(pinfo, msg->id);
    if (failure)
        proto_tree_add_expert_format(tree, pinfo, &ei_exch_dns_failure, tvb, 0, 0, "DNS failure: %s: %s",
                                     msg->name, failure);
}

static void
check_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int offset, int len)
{
    exch_dns_msg_t msg;

    len = MIN(len, tvb_captured_length_remaining(tvb, offset));
    if (len <= 0 || !exch_dns_parse(tvb_get_ptr(tvb, offset, len), (size_t)len, &msg) ||
        !exch_dns_locator(msg.name))
        return;
    if (msg.response)
        check_response(tvb, pinfo, tree, &msg);
    else
        check_query(tvb, pinfo, tree, &msg);
}

/* UDP: one message; TCP: the length-prefixed messages the stock dissector consumed. */
static void
dns_analyse(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_, int end)
{
    int offset = 0;

    if (pinfo->flags.in_error_pkt)
        return;     /* a query quoted in an ICMP error is no new query */
    if (pinfo->ptype != PT_TCP) {
        check_message(tvb, pinfo, tree, 0, end);
        return;
    }
    while (offset + 2 <= end) {
        int len = tvb_get_ntohs(tvb, offset);

        check_message(tvb, pinfo, tree, offset + 2, MIN(len, end - offset - 2));
        offset += 2 + len;
    }
}

static int
dissect_dns_beside(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&dns_beside, tvb, pinfo, tree, data, FALSE);
}

void
exch_dns_register(int proto_exch)
{
    static ei_register_info ei[] = {
        { &ei_exch_dns_failure, { "exch.dns_failure", PI_RESPONSE_CODE, PI_WARN,
            "DNS failure: a lookup of an Active Directory or Exchange locator name failed or was never answered",
            EXPFILL } },
        { &ei_exch_dns_queries_capped, { "exch.dns_queries_capped", PI_UNDECODED, PI_NOTE,
            "DNS query not followed: 65,536 locator queries in the capture, or 8 in the frame, are followed already",
            EXPFILL } },
    };

    proto_owner = dns_beside.proto = proto_exch;
    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));
    beside_register(&dns_beside);
    register_init_routine(dns_init);
}

void
exch_dns_handoff(void)
{
    static const char *const tables[] = { "udp.port", "tcp.port", NULL };

    beside_handoff(&dns_beside, dissect_dns_beside, "exch_dns", "DNS, with failed locator lookups flagged",
                   tables);
}
