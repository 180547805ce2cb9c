/* exch-unreachable.c
 * Beside the stock ICMP and ICMPv6 dissectors (beside.h), before they run:
 * the sender of a destination unreachable and its reason, which the quoted
 * packet's dissection overwrites in pinfo. The postdissector, which then sees
 * the quoted attempt's addresses and ports, decides whether it was an attempt
 * on an Exchange endpoint.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/ipproto.h>
#include <epan/proto_data.h>
#include <epan/to_str.h>

#include "beside.h"
#include "compat.h"
#include "exch-conv.h"
#include "exch-unreachable.h"

static int proto_owner = -1;
static int hf_exch_unreachable_role = -1;
static int hf_exch_unreachable_reason = -1;
static gint ett_exch_unreachable = -1;
static expert_field ei_exch_unreachable = EI_INIT;
static gboolean noted_in_capture;   /* some frame had one: only then are frames looked at */

static beside_t icmp_beside = { "icmp", "exch.unreachable.icmp", -1, NULL, NULL, NULL };
static beside_t icmpv6_beside = { "icmpv6", "exch.unreachable.icmpv6", -1, NULL, NULL, NULL };

/* The quoted attempt: the addresses of the IPv4 or IPv6 header at offset,
 * the transport after it (TCP or UDP, no IPv6 extension headers) and its
 * ports; FALSE when any of it is missing. */
static gboolean
read_quoted_attempt(tvbuff_t *tvb, packet_info *pinfo, int offset, exch_unreachable_info_t *error)
{
    guint version, transport;
    int header_len;

    if (!tvb_bytes_exist(tvb, offset, 1))
        return FALSE;
    version = tvb_get_uint8(tvb, offset) >> 4;
    if (version == 4 && tvb_bytes_exist(tvb, offset, 20)) {
        header_len = (tvb_get_uint8(tvb, offset) & 0x0F) * 4;
        transport = tvb_get_uint8(tvb, offset + 9);
        alloc_address_tvb(pinfo->pool, &error->attempt_src, AT_IPv4, 4, tvb, offset + 12);
        alloc_address_tvb(pinfo->pool, &error->attempt_dst, AT_IPv4, 4, tvb, offset + 16);
    } else if (version == 6 && tvb_bytes_exist(tvb, offset, 40)) {
        header_len = 40;
        transport = tvb_get_uint8(tvb, offset + 6);
        alloc_address_tvb(pinfo->pool, &error->attempt_src, AT_IPv6, 16, tvb, offset + 8);
        alloc_address_tvb(pinfo->pool, &error->attempt_dst, AT_IPv6, 16, tvb, offset + 24);
    } else {
        return FALSE;
    }
    if ((transport != IP_PROTO_TCP && transport != IP_PROTO_UDP) || header_len < 20 ||
        !tvb_bytes_exist(tvb, offset + header_len, 4))
        return FALSE;
    error->attempt_ptype = transport == IP_PROTO_TCP ? PT_TCP : PT_UDP;
    error->attempt_srcport = tvb_get_ntohs(tvb, offset + header_len);
    error->attempt_destport = tvb_get_ntohs(tvb, offset + header_len + 2);
    return TRUE;
}

static void
note_unreachable(tvbuff_t *tvb, packet_info *pinfo, gboolean v6)
{
    exch_unreachable_info_t *error;
    exch_unreachable_t reason;

    if (tvb_captured_length(tvb) < 2 || exch_unreachable_of(pinfo))
        return;     /* an error quoted inside an error is not the frame's */
    reason = exch_unreachable_reason(v6, tvb_get_uint8(tvb, 0), tvb_get_uint8(tvb, 1));
    if (reason == EXCH_UNREACHABLE_NONE)
        return;
    error = wmem_new0(pinfo->pool, exch_unreachable_info_t);
    if (!read_quoted_attempt(tvb, pinfo, 8, error))
        return;
    copy_address_wmem(pinfo->pool, &error->sender, &pinfo->src);
    error->reason = reason;
    p_add_proto_data(pinfo->pool, pinfo, proto_owner, EXCH_FRAME_UNREACHABLE, error);
    noted_in_capture = TRUE;
}

static int
dissect_icmp_noting(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    note_unreachable(tvb, pinfo, FALSE);
    return beside_dissect(&icmp_beside, tvb, pinfo, tree, data, FALSE);
}

static int
dissect_icmpv6_noting(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    note_unreachable(tvb, pinfo, TRUE);
    return beside_dissect(&icmpv6_beside, tvb, pinfo, tree, data, FALSE);
}

static void
unreachable_init(void)
{
    noted_in_capture = FALSE;
}

const exch_unreachable_info_t *
exch_unreachable_of(packet_info *pinfo)
{
    if (!noted_in_capture)
        return NULL;
    return (const exch_unreachable_info_t *)p_get_proto_data(pinfo->pool, pinfo, proto_owner,
                                                              EXCH_FRAME_UNREACHABLE);
}

void
exch_unreachable_add_tree(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const exch_unreachable_info_t *error,
                          const exch_role_t *role, gboolean to_server)
{
    const char *reason = exch_unreachable_name(error->reason);
    const address *server = to_server ? &error->attempt_dst : &error->attempt_src;
    guint32 port = to_server ? error->attempt_destport : error->attempt_srcport;
    const char *transport = error->attempt_ptype == PT_TCP ? "tcp" : "udp";
    proto_item *ti = proto_tree_add_item(tree, proto_owner, tvb, 0, 0, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(ti, ett_exch_unreachable);

    proto_item_set_text(ti, "Microsoft Exchange: %s %u/%s at %s unreachable (%s)", role->code, port, transport,
                        address_to_str(pinfo->pool, server), reason);
    proto_item_set_generated(proto_tree_add_string(sub, hf_exch_unreachable_role, tvb, 0, 0, role->code));
    proto_item_set_generated(proto_tree_add_string(sub, hf_exch_unreachable_reason, tvb, 0, 0, reason));
    proto_tree_add_expert_format(sub, pinfo, &ei_exch_unreachable, tvb, 0, 0,
                                 "%s %u/%s at %s unreachable: %s from %s", role->code, port, transport,
                                 address_to_str(pinfo->pool, server), reason,
                                 address_to_str(pinfo->pool, &error->sender));
}

void
exch_unreachable_register(int proto_exch)
{
    static hf_register_info hf[] = {
        { &hf_exch_unreachable_role, { "Unreachable role", "exch.unreachable.role", FT_STRING, BASE_NONE, NULL, 0x0,
            "The role of the endpoint that an ICMP destination unreachable says the attempt did not reach",
            HFILL } },
        { &hf_exch_unreachable_reason, { "Unreachable reason", "exch.unreachable.reason", FT_STRING, BASE_NONE,
            NULL, 0x0, "net-unreachable, host-unreachable, protocol-unreachable, port-unreachable, "
            "admin-prohibited or unreachable (another code)", HFILL } },
    };
    static gint *ett[] = { &ett_exch_unreachable };
    static ei_register_info ei[] = {
        { &ei_exch_unreachable, { "exch.unreachable", PI_RESPONSE_CODE, PI_WARN,
            "An attempt on an Exchange endpoint was answered by an ICMP destination unreachable", EXPFILL } },
    };

    proto_owner = icmp_beside.proto = icmpv6_beside.proto = proto_exch;
    proto_register_field_array(proto_exch, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));
    beside_register(&icmp_beside);
    beside_register(&icmpv6_beside);
    register_init_routine(unreachable_init);
}

void
exch_unreachable_handoff(void)
{
    static const char *const tables[] = { "ip.proto", NULL };

    beside_handoff(&icmp_beside, dissect_icmp_noting, "exch_icmp", "ICMP, with its destination unreachable noted",
                   tables);
    beside_handoff(&icmpv6_beside, dissect_icmpv6_noting, "exch_icmpv6",
                   "ICMPv6, with its destination unreachable noted", tables);
}
