/* packet-exch.c
 * Microsoft Exchange Service Role: a postdissector that labels every TCP/UDP
 * frame whose server end is on a port of the Exchange 2000/2003 port list with
 * the service it belongs to. It never takes a port from another dissector: it
 * only reads pinfo, after everything else has run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-tcp.h>
#include <wsutil/report_message.h>

#include "compat.h"
#include "exch-conv.h"
#include "exch-directory.h"
#include "exch-dns.h"
#include "exch-epm.h"
#include "exch-guard.h"
#include "exch-security.h"
#include "exch-evidence.h"
#include "exch-greetings.h"
#include "exch-h323.h"
#include "exch-learned.h"
#include "exch-stats.h"
#include "exch-unreachable.h"
#include "exch-roles.h"
#include "exch-servers.h"
#include "packet-exch.h"
#include "lib/addrset.h"
#include "lib/roles.h"

#define EXCH_MAX_UNLESS 4   /* vetoing protocols per role */

static int proto_exch = -1;
static int proto_tcp = -1;
static int proto_tls = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;
static int proto_ws_expert = -1;   /* _ws.expert: a filter or -e on expert infos needs them in the tree */

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
static exch_pref_bool_t pref_role_details = FALSE;
static const char *pref_server_addresses = "";
static exch_addrset_t known_servers;          /* empty: every host may be a server */

typedef int unless_ids_t[EXCH_MAX_UNLESS];   /* vetoing protocol ids, -1 terminated */
static unless_ids_t *role_unless;
static const char **role_labels;     /* the protocol item's text per role, made once */
static bool *shares_with_content;    /* per role: a content-decided role has one of its ports (http: rvp) */

static const char *const transport_names[EXCH_TRANSPORTS] = { "tcp", "udp" };

/* The label of a frame's flow. */
typedef struct {
    const exch_role_t *role;
    bool to_server;                  /* the frame goes to the server end */
    conversation_t *conv;            /* TCP: the connection; else NULL */
    const exch_endpoint_t *learned;  /* the learned endpoint that gave the role, or NULL */
} flow_label_t;

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
    conversation_t *conv = exch_conversation(pinfo);
    const struct tcp_analysis *tcpd =
        conv ? (const struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;

    *syn_server_port = tcpd ? tcpd->server_port : 0;
    return conv;
}

static bool
known_server(const address *server)
{
    if (known_servers.count == 0)
        return true;
    return (server->type == AT_IPv4 || server->type == AT_IPv6) &&
           exch_addrset_contains(&known_servers, (const uint8_t *)server->data, (size_t)server->len);
}

/* A flow to an endpoint the traffic announced (exch-learned.h), or one of a
 * call's negotiated connections that the stock dissectors set up (exch-h323.h). */
static bool
label_learned_flow(packet_info *pinfo, exch_transport_t transport, flow_label_t *label)
{
    gboolean to_server = FALSE;

    label->learned = exch_learned_flow(pinfo, transport, NULL, &to_server);
    if (!label->learned && exch_h323_adopt(pinfo, transport))
        label->learned = exch_learned_flow(pinfo, transport, NULL, &to_server);
    if (!label->learned)
        return false;
    label->conv = transport == EXCH_TCP ? exch_conversation(pinfo) : NULL;
    label->to_server = to_server;
    label->role = &exch_roles[label->learned->role];
    return true;
}

/* Every frame passes through here: two table lookups and two bit tests
 * decide, nothing is allocated or formatted for a frame on no Exchange port. */
static bool
label_flow(packet_info *pinfo, flow_label_t *label)
{
    exch_transport_t transport;
    const exch_role_t *src_role, *dst_role;
    guint16 syn_server_port = 0;
    exch_side_t side;

    if (pinfo->ptype == PT_TCP)
        transport = EXCH_TCP;
    else if (pinfo->ptype == PT_UDP)
        transport = EXCH_UDP;
    else
        return false;
    src_role = exch_portmap_lookup(&exch_port_roles, transport, (uint16_t)pinfo->srcport);
    dst_role = exch_portmap_lookup(&exch_port_roles, transport, (uint16_t)pinfo->destport);
    label->learned = NULL;
    if (!src_role && !dst_role)
        return label_learned_flow(pinfo, transport, label);

    label->conv = transport == EXCH_TCP ? tcp_conversation(pinfo, &syn_server_port) : NULL;
    side = exch_server_side(src_role != NULL, dst_role != NULL, (uint16_t)pinfo->srcport,
                            (uint16_t)pinfo->destport, syn_server_port);
    /* a server endpoint the traffic announced beats a guess from port numbers (no SYN), and labels a
     * client that took a role's port as its source port */
    if ((side == EXCH_SIDE_NONE || !syn_server_port) && label_learned_flow(pinfo, transport, label))
        return true;
    if (side == EXCH_SIDE_NONE)
        return false;
    label->to_server = side == EXCH_SIDE_DST;
    label->role = label->to_server ? dst_role : src_role;
    return known_server(label->to_server ? &pinfo->dst : &pinfo->src);
}

void
exch_note_content_role(packet_info *pinfo, unsigned role)
{
    p_add_proto_data(pinfo->pool, pinfo, proto_exch, EXCH_FRAME_CONTENT_ROLE, GUINT_TO_POINTER(role + 1));
}

/* A role found by content in the frame replaces its flow's port role. */
static bool
content_role(packet_info *pinfo, flow_label_t *label)
{
    guint found;

    if (!shares_with_content[label->role - exch_roles])
        return false;
    found = GPOINTER_TO_UINT(p_get_proto_data(pinfo->pool, pinfo, proto_exch, EXCH_FRAME_CONTENT_ROLE));
    if (!found)
        return false;
    label->role = &exch_roles[found - 1];
    return true;
}

const exch_role_t *
exch_frame_role(packet_info *pinfo)
{
    flow_label_t label;

    return label_flow(pinfo, &label) ? label.role : NULL;
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

/* A field that is a function of the role (service, component, transport,
 * description): added when a display filter or a column uses it, or with the
 * role_details preference, not to every tree shown. */
static void
add_if_asked(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
    if (pref_role_details || proto_registrar_get_nth(hf)->ref_type != HF_REF_TYPE_NONE)
        proto_item_set_generated(proto_tree_add_string(tree, hf, tvb, 0, 0, value));
}

static const char *
basis_name(const flow_label_t *label, bool by_content)
{
    return by_content ? "content" : label->learned ? "learned" : "port";
}

/* The exch tree is made when it is shown, or when a filter, a column or -e
 * uses an exch field or an expert info field (-Y '_ws.expert.severity ==
 * "Warning"' must see the findings): not for tshark -T fields -e frame.number. */
static bool
tree_wanted(proto_tree *tree)
{
    if (!tree)
        return false;
    if (proto_ws_expert == -1)          /* registered after the handoffs */
        proto_ws_expert = proto_get_id_by_filter_name("_ws.expert");
    return proto_field_is_referenced(tree, proto_exch) ||
           (proto_ws_expert != -1 && proto_field_is_referenced(tree, proto_ws_expert));
}

static proto_tree *
add_role_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const flow_label_t *label, bool secure,
              bool by_content)
{
    const exch_role_t *role = label->role;
    proto_item *ti;
    proto_tree *exch_tree;

    ti = proto_tree_add_item(tree, proto_exch, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "%s", role_labels[role - exch_roles]);
    exch_tree = proto_item_add_subtree(ti, ett_exch);

    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_role, tvb, 0, 0, role->code));
    add_if_asked(exch_tree, hf_exch_service, tvb, role->service);
    add_if_asked(exch_tree, hf_exch_component, tvb, role->component);
    add_if_asked(exch_tree, hf_exch_description, tvb, role->description);
    add_if_asked(exch_tree, hf_exch_transport, tvb, transport_names[role->transport]);
    proto_item_set_generated(proto_tree_add_uint(exch_tree, hf_exch_port, tvb, 0, 0,
                                                 label->to_server ? pinfo->destport : pinfo->srcport));
    /* Present only when true, so that the bare filter "exch.secure" selects secure frames. */
    if (secure)
        proto_item_set_generated(proto_tree_add_boolean(exch_tree, hf_exch_secure, tvb, 0, 0, TRUE));
    add_server_address(exch_tree, tvb, label->to_server ? &pinfo->dst : &pinfo->src);
    exch_evidence_add_tree(exch_tree, tvb, pinfo, label->to_server ? &pinfo->dst : &pinfo->src);
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_direction, tvb, 0, 0,
                                                   label->to_server ? "to-server" : "from-server"));
    proto_item_set_generated(proto_tree_add_string(exch_tree, hf_exch_basis, tvb, 0, 0,
                                                   basis_name(label, by_content)));
    if (label->learned)
        exch_learned_add_tree(exch_tree, tvb, pinfo, label->learned);
    return exch_tree;
}

/* The addresses, transport and ports of what a statistics record describes. */
typedef struct {
    const address *src, *dst;
    port_type ptype;
    guint32 srcport, destport;
} flow_ends_t;

static void
queue_for_statistics(packet_info *pinfo, const flow_label_t *label, bool secure, bool by_content,
                     const flow_ends_t *ends, const exch_unreachable_info_t *unreachable)
{
    exch_tap_info_t info;
    const struct tcp_analysis *tcpd;

    info.unreachable = unreachable;
    info.role = label->role;
    info.basis = basis_name(label, by_content);
    info.secure = secure;
    info.to_server = label->to_server;
    info.server = label->to_server ? ends->dst : ends->src;
    info.peer = label->to_server ? ends->src : ends->dst;
    info.server_port = (guint16)(label->to_server ? ends->destport : ends->srcport);
    info.tcp = ends->ptype == PT_TCP;
    info.connection = label->conv ? label->conv->conv_index + 1 : 0;
    tcpd = label->conv ? (const struct tcp_analysis *)conversation_get_proto_data(label->conv, proto_tcp) : NULL;
    info.completeness = tcpd ? tcpd->conversation_completeness : 0;
    info.evidence = exch_evidence_shown(info.server, pinfo->num);
    info.bytes = pinfo->fd->pkt_len;
    exch_stats_queue(pinfo, &info);
}

static flow_ends_t
frame_ends(const packet_info *pinfo)
{
    flow_ends_t ends = { &pinfo->src, &pinfo->dst, pinfo->ptype, pinfo->srcport, pinfo->destport };

    return ends;
}

/* Gives pinfo the addresses, transport and ports of ends. */
static void
set_ends(packet_info *pinfo, const flow_ends_t *ends)
{
    copy_address_shallow(&pinfo->src, ends->src);
    copy_address_shallow(&pinfo->dst, ends->dst);
    pinfo->ptype = ends->ptype;
    pinfo->srcport = ends->srcport;
    pinfo->destport = ends->destport;
}

/* A destination unreachable quoting an attempt on a role's endpoint: the
 * error is not the role's traffic (no label), but it is what a firewall
 * administrator looks for first. The attempt is labelled as a frame of it
 * would be: pinfo gets its addresses, transport and ports for the time of
 * label_flow (the ICMP dissector puts back the error's own). */
static int
report_unreachable(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const exch_unreachable_info_t *error)
{
    flow_ends_t attempt = { &error->attempt_src, &error->attempt_dst, error->attempt_ptype, error->attempt_srcport,
                            error->attempt_destport };
    address own_src, own_dst;
    flow_ends_t own = { &own_src, &own_dst, pinfo->ptype, pinfo->srcport, pinfo->destport };
    flow_label_t label;
    bool labelled;

    copy_address_shallow(&own_src, &pinfo->src);
    copy_address_shallow(&own_dst, &pinfo->dst);
    set_ends(pinfo, &attempt);
    labelled = label_flow(pinfo, &label);
    set_ends(pinfo, &own);
    if (!labelled)
        return 0;
    exch_unreachable_add_tree(tree, tvb, pinfo, error, label.role, label.to_server);
    if (exch_stats_wanted())
        queue_for_statistics(pinfo, &label, false, false, &attempt, error);
    return tvb_captured_length(tvb);
}

static int
dissect_exch(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    flow_label_t label;
    exch_conv_t *conv_data;
    unsigned role_index;
    frame_layers_t layers;
    proto_tree *exch_tree;
    bool secure, by_content;
    const exch_unreachable_info_t *error = exch_unreachable_of(pinfo);

    if (error)
        return report_unreachable(tvb, pinfo, tree, error);
    if (!label_flow(pinfo, &label))
        return 0;
    by_content = content_role(pinfo, &label);
    role_index = (unsigned)(label.role - exch_roles);
    exch_h323_saw_call(role_index);
    scan_layers(pinfo, role_index, &layers);
    if (layers.in_icmp_error)
        return 0;
    /* UDP: the flow's data is looked up only when it matters */
    conv_data = label.conv ? exch_conv_of(label.conv)
              : (role_unless[role_index][0] != -1 || layers.over_tls) ? exch_conv_find(pinfo) : NULL;
    if (role_unless[role_index][0] != -1 && conversation_vetoed(pinfo, &conv_data, layers.vetoed))
        return 0;
    if (layers.over_tls && !conv_data && !PINFO_FD_VISITED(pinfo))
        conv_data = exch_conv_get(pinfo);
    secure = label.role->secure || exch_conv_in_tls(conv_data, pinfo, layers.over_tls);

    if (pref_info_role)
        col_append_fstr(pinfo->cinfo, COL_INFO, " [%s]", label.role->code);
    exch_tree = tree_wanted(tree) ? add_role_tree(tvb, pinfo, tree, &label, secure, by_content) : NULL;
    /* also without a tree: its expert infos must reach the taps */
    if (label.role->directory[0])
        exch_directory_add_tree(exch_tree, tvb, pinfo, label.role, secure, conv_data);
    exch_learned_add_announced(exch_tree, tvb, pinfo);
    exch_security_add_marked(exch_tree, pinfo, tvb);
    exch_evidence_add_capped(exch_tree, pinfo, tvb);
    if (exch_stats_wanted()) {
        flow_ends_t ends = frame_ends(pinfo);
        queue_for_statistics(pinfo, &label, secure, by_content, &ends, NULL);
    }
    return tvb_captured_length(tvb);
}

static void
apply_prefs(void)
{
    char err[160];

    if (!exch_addrset_parse(&known_servers, pref_server_addresses, err, sizeof err))
        report_failure("Exchange preference server_addresses: %s; that entry is ignored", err);
    exch_roles_apply();
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
            "Protocol name from the Exchange port list, e.g. LDAP/SSL (a function of the role: present when "
            "a filter or column uses it, or with exch.role_details)", HFILL } },
        { &hf_exch_component,
          { "Component", "exch.component", FT_STRING, BASE_NONE, NULL, 0x0,
            "Windows/Exchange component that owns the port (a function of the role: present when a filter "
            "or column uses it, or with exch.role_details)", HFILL } },
        { &hf_exch_description,
          { "Description", "exch.description", FT_STRING, BASE_NONE, NULL, 0x0,
            "Microsoft's description of the port (a function of the role: present when a filter or column uses "
            "it, or with exch.role_details)", HFILL } },
        { &hf_exch_port,
          { "Server port", "exch.port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The server's port, the one that gave the role", HFILL } },
        { &hf_exch_transport,
          { "Transport", "exch.transport", FT_STRING, BASE_NONE, NULL, 0x0,
            "tcp or udp (a function of the role: present when a filter or column uses it, or with "
            "exch.role_details)",
            HFILL } },
        { &hf_exch_secure,
          { "Secure", "exch.secure", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Present (true) when the port is the SSL variant of a service or the connection carries TLS from "
            "this frame or an earlier one on", HFILL } },
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
            "How the role was decided: port (the server's port has the role), content (the frame carries the "
            "protocol of a role that shares the port: RVP on 80), or learned (the connection goes to an endpoint "
            "the traffic announced: exch.learned_in)", HFILL } },
    };
    static gint *ett[] = { &ett_exch };
    module_t *module;

    proto_exch = proto_register_protocol("Microsoft Exchange Service Role", "EXCH", "exch");
    proto_register_field_array(proto_exch, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    module = prefs_register_protocol(proto_exch, apply_prefs);
    prefs_register_bool_preference(module, "info_role", "Show the role in the Info column",
        "Append the Exchange role, e.g. [gc], to the Info column", &pref_info_role);
    prefs_register_bool_preference(module, "role_details",
        "Add the role's service, component, transport and description",
        "Add exch.service, exch.component, exch.transport and exch.description to every labelled frame. They "
        "are functions of the role (fields/FIELDS.md lists them); without this they are added only when a "
        "display filter or a column uses them.", &pref_role_details);
    prefs_register_string_preference(module, "server_addresses", "Known Exchange servers",
        "Addresses and CIDR blocks (IPv4 and IPv6, separated by commas or spaces) of the hosts to label as "
        "servers, e.g. 10.1.0.10, 10.1.2.0/24, 2001:db8::/48. Empty: every host on a role's port.",
        &pref_server_addresses);
    exch_roles_register(module);

    register_postdissector(register_dissector("exch", dissect_exch, proto_exch));
    exch_servers_register(proto_exch);
    exch_conv_register(proto_exch);
    exch_guard_register(proto_exch);
    exch_learned_register(proto_exch);
    exch_h323_register();
    exch_evidence_register(proto_exch);
    exch_greetings_register(proto_exch);
    exch_credentials_register(proto_exch);
    exch_unreachable_register(proto_exch);
    exch_dns_register(proto_exch);
    exch_stats_register_tap();
    exch_epm_register(proto_exch);
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
find_shared_ports(void)
{
    shares_with_content = g_new0(bool, exch_role_count);
    for (unsigned c = 0; c < exch_role_count; c++) {
        if (exch_roles[c].match != EXCH_MATCH_CONTENT)
            continue;
        for (unsigned r = 0; r < exch_role_count; r++)
            if (exch_roles[r].match == EXCH_MATCH_PORT && exch_roles[r].transport == exch_roles[c].transport &&
                strcmp(exch_roles[r].default_ports, exch_roles[c].default_ports) == 0)
                shares_with_content[r] = true;
    }
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
    find_shared_ports();
    make_role_labels();
    exch_roles_handoff();
    exch_directory_handoff();
    exch_h323_handoff();
    exch_greetings_handoff();
    exch_credentials_handoff();
    exch_unreachable_handoff();
    exch_dns_handoff();
}
