/* exch-learned.c
 * Learned endpoints: the table for the capture, the labels of the connections
 * to them, and the display of the frames that announced them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/guid-utils.h>
#include <epan/to_str.h>
#include <wsutil/pint.h>

#include "compat.h"
#include "exch-conv.h"
#include "exch-learned.h"
#include "exch-servers.h"
#include "lib/rpc-interfaces.h"

#define ANNOUNCED_LISTED 64         /* endpoints listed per announcing frame */

static int hf_exch_learned_in = -1;
static int hf_exch_rpc_interface = -1;
static int hf_exch_rpc_uuid = -1;
static int hf_exch_announced = -1;
static int hf_exch_announced_server = -1;
static int hf_exch_announced_server_ipv6 = -1;
static int hf_exch_announced_port = -1;
static int hf_exch_announced_role = -1;
static int hf_exch_learned_connection = -1;
static int hf_exch_learned_connections = -1;
static gint ett_exch_announced = EXCH_ETT_INIT;

static expert_field ei_exch_learned_capped = EI_INIT;
static expert_field ei_exch_learned_invalid = EI_INIT;
static expert_field ei_exch_epm_odd_tower = EI_INIT;
static expert_field ei_exch_epm_towers_capped = EI_INIT;

static exch_endpoints_t learned;
static dissector_handle_t follow_handles[EXCH_FOLLOW_CODES];
static wmem_map_t *announcements;   /* announcing frame -> announced_t, for the capture */

/* What a frame announced, kept from the first pass for every pass. It is kept
 * by frame number, not with the frame, because a stock dissector's
 * announcement is only recognised at a later frame (exch_learned_adopt). */
typedef struct {
    exch_endpoint_t *endpoint[ANNOUNCED_LISTED];
    guint n;
    guint capped, invalid, odd, skipped;
} announced_t;

static void
learned_init(void)
{
    announcements = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
}

static void
learned_cleanup(void)
{
    exch_endpoints_clear(&learned);
    announcements = NULL;        /* freed with the file scope */
}

static announced_t *
frame_announced(guint32 frame, gboolean create)
{
    announced_t *a = (announced_t *)wmem_map_lookup(announcements, GUINT_TO_POINTER(frame));

    if (!a && create) {
        a = wmem_new0(wmem_file_scope(), announced_t);
        wmem_map_insert(announcements, GUINT_TO_POINTER(frame), a);
    }
    return a;
}

static gboolean
listed(const announced_t *a, const exch_endpoint_t *e)
{
    for (guint k = 0; k < a->n; k++)
        if (a->endpoint[k] == e)
            return TRUE;
    return FALSE;
}

exch_endpoint_t *
exch_learned_adopt(packet_info *pinfo, const address *server, exch_transport_t transport, guint16 port,
                   unsigned role, guint32 announcing_frame)
{
    announced_t *a;
    exch_endpoint_t *e = NULL;
    exch_endpoint_result_t result = EXCH_ENDPOINT_INVALID;

    if (PINFO_FD_VISITED(pinfo))
        return NULL;
    if (exch_is_ip_address(server))
        result = exch_endpoints_add(&learned, (const uint8_t *)server->data, (size_t)server->len, transport, port,
                                    role, announcing_frame, &e);
    a = frame_announced(announcing_frame, TRUE);
    if (result == EXCH_ENDPOINT_FULL)
        a->capped++;
    else if (result == EXCH_ENDPOINT_INVALID)
        a->invalid++;
    else if (a->n < ANNOUNCED_LISTED && !listed(a, e))
        a->endpoint[a->n++] = e;
    return e;
}

exch_endpoint_t *
exch_learned_announce(packet_info *pinfo, const address *server, exch_transport_t transport, guint16 port,
                      unsigned role)
{
    return exch_learned_adopt(pinfo, server, transport, port, role, pinfo->num);
}

void
exch_learned_follow_with(guint8 code, dissector_handle_t handle)
{
    if (code > 0 && code < EXCH_FOLLOW_CODES)
        follow_handles[code] = handle;
}

void
exch_learned_note_odd(packet_info *pinfo, guint odd, guint skipped)
{
    announced_t *a;

    if (PINFO_FD_VISITED(pinfo) || (!odd && !skipped))
        return;
    a = frame_announced(pinfo->num, TRUE);
    a->odd += odd;
    a->skipped += skipped;
}

static exch_endpoint_t *
endpoint_at(const address *addr, exch_transport_t transport, guint32 port)
{
    if (!exch_endpoints_may_have(&learned, transport, (uint16_t)port) || !exch_is_ip_address(addr))
        return NULL;
    return exch_endpoints_find(&learned, (const uint8_t *)addr->data, (size_t)addr->len, transport, (uint16_t)port);
}

static gboolean
is_endpoint(const exch_endpoint_t *e, const address *addr, guint32 port)
{
    return e->port == port && e->addr_len == addr->len && memcmp(e->addr, addr->data, e->addr_len) == 0;
}

/* First pass: a flow that reaches an open endpoint becomes its connection. */
static const exch_endpoint_t *
connect_flow(packet_info *pinfo, exch_transport_t transport, conversation_t *conv)
{
    exch_endpoint_t *e = endpoint_at(&pinfo->dst, transport, pinfo->destport);

    double now = nstime_to_sec(&pinfo->abs_ts);

    if (!e || !exch_endpoint_open_at(e, pinfo->num, now))
        e = endpoint_at(&pinfo->src, transport, pinfo->srcport);
    if (!e || !exch_endpoint_open_at(e, pinfo->num, now))
        return NULL;
    if (!conv)
        conv = find_or_create_conversation(pinfo);
    exch_conv_attach(conv)->learned = e;
    /* the frames with payload that follow go to the announcer's dissector (a callback's NOTIFY to RVP) */
    if (e->follow && follow_handles[e->follow] && transport == EXCH_TCP)
        conversation_set_dissector(conv, follow_handles[e->follow]);
    /* a conversation the announcing frame set up (a stock H.245 one) starts with this frame */
    exch_endpoint_add_connection(e, conv->setup_frame == e->announced ? pinfo->num : conv->setup_frame);
    return e;
}

const exch_endpoint_t *
exch_learned_flow(packet_info *pinfo, exch_transport_t transport, conversation_t *conv, gboolean *to_server)
{
    const exch_conv_t *data;
    const exch_endpoint_t *e;

    /* the test every frame on no role's port pays */
    if (!exch_endpoints_may_have(&learned, transport, (uint16_t)pinfo->srcport) &&
        !exch_endpoints_may_have(&learned, transport, (uint16_t)pinfo->destport))
        return NULL;
    data = exch_conv_of(conv ? conv : exch_conversation(pinfo));
    e = data ? data->learned : NULL;
    if (!e && !PINFO_FD_VISITED(pinfo))
        e = connect_flow(pinfo, transport, conv);
    if (e)
        *to_server = is_endpoint(e, &pinfo->dst, pinfo->destport);
    return e;
}

static e_guid_t
tower_guid(const exch_interface_t *i)
{
    e_guid_t g;

    g.data1 = pletohu32(i->uuid);
    g.data2 = pletohu16(i->uuid + 4);
    g.data3 = pletohu16(i->uuid + 6);
    memcpy(g.data4, i->uuid + 8, 8);
    return g;
}

/* Wireshark's name of an RPC interface, else the plugin's for an Exchange
 * interface Wireshark lacks (kept to the plugin, so that the stock DCE/RPC
 * dissectors show what they show without it), else NULL. */
static const char *
interface_name(const e_guid_t *uuid, wmem_allocator_t *scope)
{
    const char *name = guids_get_guid_name(uuid, scope);

    for (unsigned k = 0; !name && k < exch_rpc_interface_count; k++)
        if (memcmp(&exch_rpc_interfaces[k].uuid, uuid, sizeof *uuid) == 0)
            name = exch_rpc_interfaces[k].name;
    return name;
}

/* The interfaces announced on an endpoint up to a frame. */
static void
add_interfaces(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const exch_endpoint_t *e, guint32 first,
               guint32 last)
{
    for (unsigned k = 0; k < e->ninterfaces; k++) {
        e_guid_t g = tower_guid(&e->interfaces[k]);
        const char *name;

        if (e->interfaces[k].announced < first || e->interfaces[k].announced > last)
            continue;
        name = interface_name(&g, pinfo->pool);
        if (name)
            proto_item_set_generated(proto_tree_add_string(tree, hf_exch_rpc_interface, tvb, 0, 0, name));
        proto_item_set_generated(proto_tree_add_guid(tree, hf_exch_rpc_uuid, tvb, 0, 0, &g));
    }
}

void
exch_learned_add_tree(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo, const exch_endpoint_t *e)
{
    proto_item_set_generated(proto_tree_add_uint(exch_tree, hf_exch_learned_in, tvb, 0, 0, e->announced));
    /* those announced so far, in every pass (a frame before the announcement: the first ones) */
    add_interfaces(exch_tree, tvb, pinfo, e, 0, MAX(pinfo->num, e->announced));
}

static void
add_endpoint(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const exch_endpoint_t *e)
{
    proto_item *ti = proto_tree_add_item(tree, hf_exch_announced, tvb, 0, 0, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(ti, ett_exch_announced);
    address addr;
    const char *role = exch_roles[e->role].code;

    set_address(&addr, e->addr_len == 4 ? AT_IPv4 : AT_IPv6, e->addr_len, e->addr);
    proto_item_set_text(ti, "Announced endpoint: %s %s port %u (%s)", e->transport == EXCH_TCP ? "TCP" : "UDP",
                        address_to_str(pinfo->pool, &addr), e->port, role);
    proto_item_set_generated(ti);
    if (e->addr_len == 4) {
        ws_in4_addr v4;
        memcpy(&v4, e->addr, sizeof v4);
        proto_tree_add_ipv4(sub, hf_exch_announced_server, tvb, 0, 0, v4);
    } else {
        proto_tree_add_ipv6(sub, hf_exch_announced_server_ipv6, tvb, 0, 0, (const ws_in6_addr *)(const void *)e->addr);
    }
    proto_tree_add_uint(sub, hf_exch_announced_port, tvb, 0, 0, e->port);
    proto_tree_add_string(sub, hf_exch_announced_role, tvb, 0, 0, role);
    add_interfaces(sub, tvb, pinfo, e, pinfo->num, pinfo->num);     /* those this frame announced */
    for (guint32 k = 0; k < e->nconnections && k < EXCH_ENDPOINT_CONNECTIONS; k++)
        proto_tree_add_uint(sub, hf_exch_learned_connection, tvb, 0, 0, e->connections[k]);
    proto_tree_add_uint(sub, hf_exch_learned_connections, tvb, 0, 0, e->nconnections);
}

void
exch_learned_add_announced(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo)
{
    const announced_t *a = wmem_map_size(announcements) ? frame_announced(pinfo->num, FALSE) : NULL;

    if (!a)
        return;
    for (guint k = 0; exch_tree && k < a->n; k++)
        add_endpoint(exch_tree, tvb, pinfo, a->endpoint[k]);
    if (a->capped)
        proto_tree_add_expert(exch_tree, pinfo, &ei_exch_learned_capped, tvb, 0, 0);
    if (a->invalid)
        proto_tree_add_expert(exch_tree, pinfo, &ei_exch_learned_invalid, tvb, 0, 0);
    if (a->odd)
        proto_tree_add_expert(exch_tree, pinfo, &ei_exch_epm_odd_tower, tvb, 0, 0);
    if (a->skipped)
        proto_tree_add_expert(exch_tree, pinfo, &ei_exch_epm_towers_capped, tvb, 0, 0);
}

void
exch_learned_register(int proto_exch)
{
    static hf_register_info hf[] = {
        { &hf_exch_learned_in,
          { "Learned in", "exch.learned_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The frame that announced the endpoint this connection goes to (exch.basis == \"learned\")", HFILL } },
        { &hf_exch_rpc_interface,
          { "RPC interface", "exch.rpc.interface", FT_STRING, BASE_NONE, NULL, 0x0,
            "Name of an RPC interface the endpoint mapper announced on this endpoint: Wireshark's DCE/RPC name, "
            "else the Exchange interface table of the plugin (fields/rpc-interfaces.tsv)", HFILL } },
        { &hf_exch_rpc_uuid,
          { "RPC interface UUID", "exch.rpc.uuid", FT_GUID, BASE_NONE, NULL, 0x0,
            "UUID of an RPC interface the endpoint mapper announced on this endpoint", HFILL } },
        { &hf_exch_announced,
          { "Announced endpoint", "exch.announced", FT_NONE, BASE_NONE, NULL, 0x0,
            "An endpoint this frame announced (an endpoint mapper answer, an RVP SUBSCRIBE or ACCEPT, the H.225.0 "
            "or H.245 message of an H.323 call): the later connections to it are labelled with "
            "exch.basis == \"learned\"", HFILL } },
        { &hf_exch_announced_server,
          { "Server", "exch.announced.server", FT_IPv4, BASE_NONE, NULL, 0x0,
            "IPv4 address of the announced endpoint", HFILL } },
        { &hf_exch_announced_server_ipv6,
          { "Server", "exch.announced.server_ipv6", FT_IPv6, BASE_NONE, NULL, 0x0,
            "IPv6 address of the announced endpoint", HFILL } },
        { &hf_exch_announced_port,
          { "Port", "exch.announced.port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Port of the announced endpoint", HFILL } },
        { &hf_exch_announced_role,
          { "Role", "exch.announced.role", FT_STRING, BASE_NONE, NULL, 0x0,
            "The role the connections to the announced endpoint get", HFILL } },
        { &hf_exch_learned_connection,
          { "Connection", "exch.announced.connection", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "First frame of a connection to the announced endpoint (known on a second pass; the first 8 are "
            "listed)", HFILL } },
        { &hf_exch_learned_connections,
          { "Connections", "exch.announced.connections", FT_UINT32, BASE_DEC, NULL, 0x0,
            "How many connections reached the announced endpoint (all of the capture on a second pass, those "
            "so far on a first)", HFILL } },
    };
    static gint *ett[] = { &ett_exch_announced };
    static ei_register_info ei[] = {
        { &ei_exch_learned_capped, { "exch.learned_capped", PI_PROTOCOL, PI_WARN,
            "Announced endpoint not followed: 4,096 learned endpoints are known already", EXPFILL } },
        { &ei_exch_learned_invalid, { "exch.learned_invalid", PI_MALFORMED, PI_WARN,
            "Announced endpoint not followed: port 0, or no IP address", EXPFILL } },
        { &ei_exch_epm_odd_tower, { "exch.epm_odd_tower", PI_MALFORMED, PI_WARN,
            "Endpoint mapper tower whose floors do not fit together: not followed", EXPFILL } },
        { &ei_exch_epm_towers_capped, { "exch.epm_towers_capped", PI_PROTOCOL, PI_NOTE,
            "More than 64 TCP towers in one endpoint mapper response: the rest are not followed", EXPFILL } },
    };

    proto_register_field_array(proto_exch, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));
    register_init_routine(learned_init);
    register_cleanup_routine(learned_cleanup);
}
