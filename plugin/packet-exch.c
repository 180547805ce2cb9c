/* packet-exch.c
 * Microsoft Exchange Service Role: a postdissector that labels every TCP/UDP
 * frame on a port of the Exchange 2000/2003 port list with the service it
 * belongs to. It never takes a port from another dissector: it only reads
 * pinfo, after everything else has run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/prefs.h>
#include <epan/dissectors/packet-tcp.h>

#include "compat.h"
#include "exch-conv.h"
#include "exch-directory.h"
#include "exch-servers.h"
#include "packet-exch.h"
#include "lib/roles.h"

#define EXCH_MAX_UNLESS 4   /* vetoing protocols per role */

static int proto_exch = -1;
static int proto_tcp = -1;
static int proto_tls = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

static int hf_exch_role = -1;
static int hf_exch_service = -1;
static int hf_exch_component = -1;
static int hf_exch_description = -1;
static int hf_exch_port = -1;
static int hf_exch_transport = -1;
static int hf_exch_secure = -1;
static int hf_exch_server = -1;
static int hf_exch_server_ipv6 = -1;
static int hf_exch_direction = -1;
static int hf_exch_basis = -1;

static gint ett_exch = EXCH_ETT_INIT;

static exch_pref_bool_t pref_info_role = FALSE;
static range_t **role_ranges;        /* one per role, NULL for content-only roles */
typedef int unless_ids_t[EXCH_MAX_UNLESS];   /* vetoing protocol ids, -1 terminated */
static unless_ids_t *role_unless;
static exch_portmap_t portmap;
static const char **role_labels;     /* the subtree's text per role, made once */

static const char *const transport_names[EXCH_TRANSPORTS] = { "tcp", "udp" };

typedef struct {
    bool in_icmp_error;  /* the ports are quoted inside an ICMP error */
    bool over_tls;
    bool vetoed;         /* a protocol in role_unless is in this frame */
} frame_layers_t;

static void
scan_layers(const packet_info *pinfo, unsigned role_index, frame_layers_t *found)
{
    wmem_list_frame_t *frame;

    memset(found, 0, sizeof *found);
    for (frame = wmem_list_head(pinfo->layers); frame; frame = wmem_list_frame_next(frame)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(frame));

        if (proto == proto_icmp || proto == proto_icmpv6)
            found->in_icmp_error = true;
        else if (proto == proto_tls)
            found->over_tls = true;
        for (int i = 0; i < EXCH_MAX_UNLESS && role_unless[role_index][i] != -1; i++)
            if (proto == role_unless[role_index][i])
                found->vetoed = true;
    }
}

/* A vetoed connection stays vetoed: on a second pass (tshark -2, the GUI) this
 * also removes the label from the frames before the vetoing one. */
static bool
conversation_vetoed(packet_info *pinfo, exch_conv_t **data, bool vetoed_here)
{
    if (vetoed_here && !PINFO_FD_VISITED(pinfo)) {
        if (!*data)
            *data = exch_conv_get(pinfo);
        (*data)->vetoed = TRUE;
    }
    return *data && (*data)->vetoed;
}

/* The frame's TCP conversation and the port its SYN went to (0 when the
 * capture holds no SYN of the connection). */
static conversation_t *
tcp_conversation(packet_info *pinfo, guint16 *syn_server_port)
{
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);
    const struct tcp_analysis *tcpd =
        conv ? (const struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;

    *syn_server_port = tcpd ? tcpd->server_port : 0;
    return conv;
}

static void
add_server_address(proto_tree *tree, tvbuff_t *tvb, const address *server)
{
    proto_item *ti = NULL;

    if (server->type == AT_IPv4) {
        ws_in4_addr v4;
        memcpy(&v4, server->data, sizeof v4);
        ti = proto_tree_add_ipv4(tree, hf_exch_server, tvb, 0, 0, v4);
    } else if (server->type == AT_IPv6) {
        ti = proto_tree_add_ipv6(tree, hf_exch_server_ipv6, tvb, 0, 0,
                                 (const ws_in6_addr *)server->data);
    }
    proto_item_set_generated(ti);
}

static proto_tree *
add_role_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const exch_role_t *role,
              exch_side_t side, bool secure)
{
    proto_item *ti;
    proto_tree *exch_tree;
    bool to_server = side == EXCH_SIDE_DST;
    guint16 port = to_server ? pinfo->destport : pinfo->srcport;

    ti = proto_tree_add_protocol_format(tree, proto_exch, tvb, 0, 0, "%s", role_labels[role - exch_roles]);
    exch_tree = proto_item_add_subtree(ti, ett_exch);

    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_role, tvb, 0, 0, role->code));
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_service, tvb, 0, 0, role->service));
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_component, tvb, 0, 0, role->component));
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_description, tvb, 0, 0, role->description));
    proto_item_set_generated(proto_tree_add_uint(exch_tree, hf_exch_port, tvb, 0, 0, port));
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_transport, tvb, 0, 0,
                                                   transport_names[role->transport]));
    /* Present only when true, so that the bare filter "exch.secure" selects secure frames. */
    if (secure)
        proto_item_set_generated(proto_tree_add_boolean(exch_tree, hf_exch_secure, tvb, 0, 0, TRUE));
    add_server_address(exch_tree, tvb, to_server ? &pinfo->dst : &pinfo->src);
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_direction, tvb, 0, 0,
                                                   to_server ? "to-server" : "from-server"));
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_basis, tvb, 0, 0, "port"));
    return exch_tree;
}

static int
label_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
            const exch_role_t *src_role, const exch_role_t *dst_role)
{
    conversation_t *conv = NULL;
    exch_conv_t *data = NULL;
    guint16 syn_server_port = 0;
    exch_side_t side;
    const exch_role_t *role;
    unsigned role_index;
    frame_layers_t layers;
    proto_tree *exch_tree;
    bool secure;

    if (pinfo->ptype == PT_TCP) {
        conv = tcp_conversation(pinfo, &syn_server_port);
        data = exch_conv_of(conv);
    }
    side = exch_server_side(src_role != NULL, dst_role != NULL,
                            pinfo->srcport, pinfo->destport, syn_server_port);
    if (side == EXCH_SIDE_NONE)
        return 0;
    role = side == EXCH_SIDE_SRC ? src_role : dst_role;
    role_index = (unsigned)(role - exch_roles);

    scan_layers(pinfo, role_index, &layers);
    if (layers.in_icmp_error)
        return 0;
    if (!conv && (role_unless[role_index][0] != -1 || layers.over_tls))
        data = exch_conv_find(pinfo);       /* UDP: only when it matters */
    if (role_unless[role_index][0] != -1 && conversation_vetoed(pinfo, &data, layers.vetoed))
        return 0;
    if (layers.over_tls && !data && !PINFO_FD_VISITED(pinfo))
        data = exch_conv_get(pinfo);
    secure = role->secure || exch_conv_in_tls(data, pinfo, layers.over_tls);

    if (pref_info_role)
        col_append_fstr(pinfo->cinfo, COL_INFO, " [%s]", role->code);
    /* a tree only when it is shown or an exch field is filtered on or printed:
     * not for tshark -T fields -e frame.number */
    exch_tree = tree && proto_field_is_referenced(tree, proto_exch)
                ? add_role_tree(tvb, pinfo, tree, role, side, secure) : NULL;
    /* also without a tree: its expert infos must reach the taps */
    if (role->directory[0])
        exch_directory_add_tree(exch_tree, tvb, pinfo, role, secure, data);
    return tvb_captured_length(tvb);
}

/* Every frame passes through here: two table lookups decide, nothing is
 * allocated or formatted for a frame on no Exchange port. */
static int
dissect_exch(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    exch_transport_t transport;
    const exch_role_t *src_role, *dst_role;

    if (pinfo->ptype == PT_TCP)
        transport = EXCH_TCP;
    else if (pinfo->ptype == PT_UDP)
        transport = EXCH_UDP;
    else
        return 0;

    src_role = exch_portmap_lookup(&portmap, transport, (uint16_t)pinfo->srcport);
    dst_role = exch_portmap_lookup(&portmap, transport, (uint16_t)pinfo->destport);
    if (!src_role && !dst_role)
        return 0;
    return label_frame(tvb, pinfo, tree, src_role, dst_role);
}

static void
apply_port_prefs(void)
{
    exch_portmap_clear(&portmap);
    for (unsigned i = 0; i < exch_role_count; i++) {
        const range_t *range = role_ranges[i];

        for (guint r = 0; range && r < range->nranges; r++)
            for (guint32 port = range->ranges[r].low; port <= range->ranges[r].high && port <= G_MAXUINT16; port++)
                exch_portmap_claim(&portmap, exch_roles[i].transport, (uint16_t)port, i);
    }
}

static void
register_port_prefs(module_t *module)
{
    role_ranges = g_new0(range_t *, exch_role_count);
    for (unsigned i = 0; i < exch_role_count; i++) {
        const exch_role_t *role = &exch_roles[i];
        const char *transport = role->transport == EXCH_TCP ? "TCP" : "UDP";

        if (role->match != EXCH_MATCH_PORT)
            continue;
        range_convert_str(wmem_epan_scope(), &role_ranges[i], role->default_ports, G_MAXUINT16);
        prefs_register_range_preference(module, role->pref_name,
            wmem_strdup_printf(wmem_epan_scope(), "%s %s ports", role->code, transport),
            wmem_strdup_printf(wmem_epan_scope(),
                "%s ports labelled exch.role == \"%s\" (%s, %s). Default: %s. "
                "A port listed for two roles goes to the one listed first in the role table.",
                transport, role->code, role->service, role->component, role->default_ports),
            &role_ranges[i], G_MAXUINT16);
    }
}

void
proto_register_exch(void)
{
    static hf_register_info hf[] = {
        { &hf_exch_role,
          { "Role", "exch.role", FT_STRING, BASE_NONE, NULL, 0x0,
            "Exchange service role of the server port, e.g. gc, srs, lsa", HFILL } },
        { &hf_exch_service,
          { "Service", "exch.service", FT_STRING, BASE_NONE, NULL, 0x0,
            "Protocol name from the Exchange port list, e.g. LDAP/SSL", HFILL } },
        { &hf_exch_component,
          { "Component", "exch.component", FT_STRING, BASE_NONE, NULL, 0x0,
            "Windows/Exchange component that owns the port", HFILL } },
        { &hf_exch_description,
          { "Description", "exch.description", FT_STRING, BASE_NONE, NULL, 0x0,
            "Microsoft's description of the port", HFILL } },
        { &hf_exch_port,
          { "Server port", "exch.port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The server's port, the one that gave the role", HFILL } },
        { &hf_exch_transport,
          { "Transport", "exch.transport", FT_STRING, BASE_NONE, NULL, 0x0,
            "tcp or udp", HFILL } },
        { &hf_exch_secure,
          { "Secure", "exch.secure", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Present (true) when the port is the SSL variant of a service or the frame is carried in TLS", HFILL } },
        { &hf_exch_server,
          { "Server", "exch.server", FT_IPv4, BASE_NONE, NULL, 0x0,
            "IPv4 address of the server side", HFILL } },
        { &hf_exch_server_ipv6,
          { "Server", "exch.server_ipv6", FT_IPv6, BASE_NONE, NULL, 0x0,
            "IPv6 address of the server side", HFILL } },
        { &hf_exch_direction,
          { "Direction", "exch.direction", FT_STRING, BASE_NONE, NULL, 0x0,
            "to-server or from-server", HFILL } },
        { &hf_exch_basis,
          { "Basis", "exch.basis", FT_STRING, BASE_NONE, NULL, 0x0,
            "How the role was decided: port", HFILL } },
    };
    static gint *ett[] = { &ett_exch };
    module_t *module;

    proto_exch = proto_register_protocol("Microsoft Exchange Service Role", "EXCH", "exch");
    proto_register_field_array(proto_exch, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    module = prefs_register_protocol(proto_exch, apply_port_prefs);
    prefs_register_bool_preference(module, "info_role", "Show the role in the Info column",
        "Append the Exchange role, e.g. [gc], to the Info column", &pref_info_role);
    register_port_prefs(module);

    register_postdissector(register_dissector("exch", dissect_exch, proto_exch));
    exch_servers_register(proto_exch);
    exch_conv_register(proto_exch);
    exch_directory_register(proto_exch);
}

static void
make_role_labels(void)
{
    role_labels = g_new(const char *, exch_role_count);
    for (unsigned i = 0; i < exch_role_count; i++)
        role_labels[i] = wmem_strdup_printf(wmem_epan_scope(), "%s: %s (%s, %s)",
                                            proto_get_protocol_name(proto_exch), exch_roles[i].code,
                                            exch_roles[i].service, exch_roles[i].component);
}

static void
resolve_unless(void)
{
    role_unless = g_new(unless_ids_t, exch_role_count);
    for (unsigned i = 0; i < exch_role_count; i++) {
        gchar **names = g_strsplit(exch_roles[i].unless, ",", EXCH_MAX_UNLESS);
        int n = 0;

        for (int k = 0; names[k]; k++) {
            int proto = proto_get_id_by_filter_name(names[k]);
            if (proto != -1 && n < EXCH_MAX_UNLESS - 1)
                role_unless[i][n++] = proto;
        }
        role_unless[i][n] = -1;
        g_strfreev(names);
    }
}

void
proto_reg_handoff_exch(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_tls = proto_get_id_by_filter_name("tls");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    resolve_unless();
    make_role_labels();
    apply_port_prefs();
    exch_directory_handoff();
}
