/* packet-rvp.c
 * RVP, the protocol of Exchange 2000 Instant Messaging (draft-osborne-rvp-00):
 * HTTP/1.1 and WebDAV requests carrying RVP headers and XML. It runs beside
 * the stock HTTP dissector on HTTP's ports (beside.h), so HTTP shows what it
 * shows, and adds an RVP item to every message that is RVP by content: an
 * RVP-Notifications-Version header, or SUBSCRIPTIONS and ACL, which stock
 * HTTP does not see at all. A SUBSCRIBE's Call-Back and a file transfer's
 * ACCEPT announce endpoints (exch-learned.h); a callback connection is handed
 * to this dissector. Any HTTP request with Basic authentication outside TLS
 * (Outlook Web Access) gets exch.cleartext_credentials (exch-security.h), and
 * IIS answering Outlook Web Access's paths is evidence (exch-evidence.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/expert.h>

#include "beside.h"
#include "compat.h"
#include "exch-conv.h"
#include "exch-evidence.h"
#include "exch-learned.h"
#include "exch-security.h"
#include "packet-exch.h"
#include "lib/rvpmsg.h"

static int proto_rvp = -1;
static int hf_rvp_method = -1;
static int hf_rvp_uri = -1;
static int hf_rvp_status = -1;
static int hf_rvp_header[RVP_HEADERS];
static int hf_rvp_state = -1;
static int hf_rvp_message = -1;
static int hf_rvp_typing_user = -1;
static int hf_rvp_invitation_command = -1;
static int hf_rvp_invitation_application = -1;
static int hf_rvp_invitation_ip = -1;
static int hf_rvp_invitation_port = -1;
static gint ett_rvp = EXCH_ETT_INIT;
static expert_field ei_rvp_bad_endpoint = EI_INIT;

static unsigned rvp_role;                /* index of the rvp role */

/* What a connection remembers between a SUBSCRIBE and its reply. */
typedef struct {
    exch_endpoint_t *pending;            /* the Call-Back endpoint of the last SUBSCRIBE */
    gboolean owa_asked;                  /* the last request was for an Outlook Web Access path */
} rvp_conv_t;

static wmem_map_t *subscriptions;        /* Subscription-Id -> its Call-Back endpoint, per capture */

static void dissect_rvp_message(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *tree,
                                const guint8 *bytes, const rvp_message_t *m);

/* A request with HTTP Basic outside TLS: to Outlook Web Access, the mailbox password. */
static void
check_basic_auth(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *tree, const guint8 *bytes,
                 const rvp_message_t *m)
{
    if (m->request && exch_http_basic_auth(bytes, m->header_len) && !exch_credentials_in_tls(pinfo))
        exch_credentials_report(tree, pinfo, tvb, offset, (int)m->header_len, "HTTP Basic");
}

static rvp_conv_t *rvp_conv(packet_info *pinfo);

/* First pass: IIS answering a request for an Outlook Web Access path is weak
 * evidence that the server is an Exchange server. */
static void
check_owa(packet_info *pinfo, const guint8 *bytes, const rvp_message_t *m)
{
    conversation_t *c;
    rvp_conv_t *conv;
    gboolean owa;

    if (PINFO_FD_VISITED(pinfo))
        return;
    /* a connection's data is made only once it asks for an OWA path: not for every HTTP message */
    c = find_conversation_pinfo(pinfo, 0);
    conv = c ? (rvp_conv_t *)conversation_get_proto_data(c, proto_rvp) : NULL;
    if (m->request) {
        owa = exch_owa_path(bytes + m->uri.off, m->uri.len);
        if (owa && !conv)
            conv = rvp_conv(pinfo);
        if (conv)
            conv->owa_asked = owa;
    } else if (conv && conv->owa_asked && exch_iis_server(bytes, m->header_len)) {
        exch_evidence_note(pinfo, &pinfo->src, EXCH_EVIDENCE_OWA);
    }
}

static void
analyse_rvp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_, int end)
{
    int offset = 0;

    while (offset < end) {
        const guint8 *bytes = tvb_get_ptr(tvb, offset, end - offset);
        rvp_message_t m;

        if (exch_rvp_parse(bytes, (size_t)(end - offset), &m) != RVP_COMPLETE)
            return;
        check_basic_auth(tvb, offset, pinfo, tree, bytes, &m);
        check_owa(pinfo, bytes, &m);
        if (exch_rvp_is_rvp(bytes, &m))
            dissect_rvp_message(tvb, offset, pinfo, tree, bytes, &m);
        offset += (int)(m.header_len + m.body_len);
    }
}

static beside_t rvp_beside = { "http-over-tcp", "rvp.http", -1, analyse_rvp, NULL, NULL };

/* --- announcements ------------------------------------------------------- */

static exch_endpoint_t *
announce(packet_info *pinfo, const guint8 ipv4[4], guint16 port, guint8 follow)
{
    address addr;
    exch_endpoint_t *e;

    /* only on a flow the exch protocol labels: of a known server (exch.server_addresses) */
    if (!exch_frame_role(pinfo))
        return NULL;
    set_address(&addr, AT_IPv4, 4, ipv4);
    e = exch_learned_announce(pinfo, &addr, EXCH_TCP, port, rvp_role);
    if (e && !e->follow)
        e->follow = follow;
    return e;
}

static rvp_conv_t *
rvp_conv(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    rvp_conv_t *c = (rvp_conv_t *)conversation_get_proto_data(conv, proto_rvp);

    if (!c) {
        c = wmem_new0(wmem_file_scope(), rvp_conv_t);
        conversation_add_proto_data(conv, proto_rvp, c);
    }
    return c;
}

static gchar *
span_text(const guint8 *bytes, rvp_span_t s)
{
    return wmem_strndup(wmem_file_scope(), (const char *)bytes + s.off, s.len);
}

static gboolean
method_is(const guint8 *bytes, const rvp_message_t *m, const char *name)
{
    return m->request && m->method.len == strlen(name) && memcmp(bytes + m->method.off, name, m->method.len) == 0;
}

/* First pass: the Call-Back of a SUBSCRIBE, the lease of its reply, the end by UNSUBSCRIBE. */
static void
follow_subscription(packet_info *pinfo, const guint8 *bytes, const rvp_message_t *m, gboolean callback_ok,
                    const guint8 ipv4[4], guint16 port)
{
    rvp_span_t id = m->header[RVP_H_SUBSCRIPTION_ID];
    exch_endpoint_t *e;
    guint32 lifetime;

    rvp_conv_t *conv = rvp_conv(pinfo);

    if (method_is(bytes, m, "SUBSCRIBE")) {
        conv->pending = callback_ok ? announce(pinfo, ipv4, port, EXCH_FOLLOW_RVP) : NULL;
    } else if (!m->request && (e = conv->pending) != NULL) {
        conv->pending = NULL;
        if (m->status / 100 != 2) {
            e->ended = pinfo->num;               /* refused: no callback will come */
            return;
        }
        if (id.len)
            wmem_map_insert(subscriptions, span_text(bytes, id), e);
        if (exch_rvp_number(bytes + m->header[RVP_H_SUBSCRIPTION_LIFETIME].off,
                            m->header[RVP_H_SUBSCRIPTION_LIFETIME].len, G_MAXUINT32, &lifetime))
            e->expires = nstime_to_sec(&pinfo->abs_ts) + lifetime;
    } else if (method_is(bytes, m, "UNSUBSCRIBE") && id.len &&
               (e = (exch_endpoint_t *)wmem_map_lookup(subscriptions, span_text(bytes, id))) != NULL) {
        e->ended = pinfo->num;
    }
}

/* --- display ------------------------------------------------------------- */

static proto_item *
add_span(proto_tree *tree, int hf, tvbuff_t *tvb, int base, rvp_span_t s)
{
    return s.len ? proto_tree_add_item(tree, hf, tvb, base + (int)s.off, (int)s.len, ENC_UTF_8) : NULL;
}

static void
add_number(proto_tree *tree, int hf, tvbuff_t *tvb, int base, const guint8 *bytes, rvp_span_t s)
{
    guint32 value;

    if (s.len && exch_rvp_number(bytes + s.off, s.len, G_MAXUINT32, &value))
        proto_tree_add_uint(tree, hf, tvb, base + (int)s.off, (int)s.len, value);
}

static void
dissect_body(tvbuff_t *tvb, int base, packet_info *pinfo, proto_tree *tree, const guint8 *body, size_t len)
{
    rvp_body_t b;
    guint8 ipv4[4];
    guint16 port;
    ws_in4_addr v4;

    exch_rvp_body(body, len, &b);
    add_span(tree, hf_rvp_state, tvb, base, b.state);
    add_span(tree, hf_rvp_message, tvb, base, b.message);
    add_span(tree, hf_rvp_typing_user, tvb, base, b.typing_user);
    add_span(tree, hf_rvp_invitation_command, tvb, base, b.invitation_command);
    add_span(tree, hf_rvp_invitation_application, tvb, base, b.application_name);
    if (!b.ip_address.len || !b.port.len)
        return;
    if (!exch_rvp_address_port(body + b.ip_address.off, b.ip_address.len, body + b.port.off, b.port.len, ipv4,
                               &port)) {
        proto_tree_add_expert(tree, pinfo, &ei_rvp_bad_endpoint, tvb, base + (int)b.ip_address.off,
                              (int)b.ip_address.len);
        return;
    }
    memcpy(&v4, ipv4, sizeof v4);
    proto_tree_add_ipv4(tree, hf_rvp_invitation_ip, tvb, base + (int)b.ip_address.off, (int)b.ip_address.len, v4);
    proto_tree_add_uint(tree, hf_rvp_invitation_port, tvb, base + (int)b.port.off, (int)b.port.len, port);
    announce(pinfo, ipv4, port, EXCH_FOLLOW_NONE);       /* the peer connects there directly */
}

static gboolean
on_callback(packet_info *pinfo)
{
    const exch_conv_t *data = exch_conv_find(pinfo);

    return data && data->learned;
}

static void
dissect_rvp_message(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *tree, const guint8 *bytes,
                    const rvp_message_t *m)
{
    proto_item *ti = proto_tree_add_item(tree, proto_rvp, tvb, offset, (int)(m->header_len + m->body_len), ENC_NA);
    proto_tree *rvp_tree = proto_item_add_subtree(ti, ett_rvp);
    rvp_span_t callback = m->header[RVP_H_CALL_BACK];
    gboolean callback_ok = FALSE;
    guint8 ipv4[4] = { 0 };
    guint16 port = 0;

    exch_note_content_role(pinfo, rvp_role);
    /* the IM server answers on its port; on a callback connection the client answers */
    if (!m->request && !PINFO_FD_VISITED(pinfo) && !on_callback(pinfo))
        exch_evidence_note(pinfo, &pinfo->src, EXCH_EVIDENCE_RVP);
    if (m->request) {
        add_span(rvp_tree, hf_rvp_method, tvb, offset, m->method);
        add_span(rvp_tree, hf_rvp_uri, tvb, offset, m->uri);
    } else {
        proto_tree_add_uint(rvp_tree, hf_rvp_status, tvb, offset + 9, 3, m->status);
    }
    for (int h = 0; h < RVP_H_CONTENT_LENGTH; h++) {
        if (h == RVP_H_SUBSCRIPTION_LIFETIME || h == RVP_H_HOP_COUNT)
            add_number(rvp_tree, hf_rvp_header[h], tvb, offset, bytes, m->header[h]);
        else
            add_span(rvp_tree, hf_rvp_header[h], tvb, offset, m->header[h]);
    }
    if (callback.len) {
        callback_ok = exch_rvp_endpoint(bytes + callback.off, callback.len, ipv4, &port);
        if (!callback_ok)
            proto_tree_add_expert(rvp_tree, pinfo, &ei_rvp_bad_endpoint, tvb, offset + (int)callback.off,
                                  (int)callback.len);
    }
    if (!PINFO_FD_VISITED(pinfo))
        follow_subscription(pinfo, bytes, m, callback_ok, ipv4, port);
    if (m->body_len)
        dissect_body(tvb, offset + (int)m->header_len, pinfo, rvp_tree, bytes + m->header_len, m->body_len);
}

/* A callback connection (or Decode As): RVP is the layer, HTTP under it. */
static int
dissect_rvp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&rvp_beside, tvb, pinfo, tree, data, TRUE);
}

/* On HTTP's ports: HTTP as without the plugin, then RVP. */
static int
dissect_rvp_beside_http(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&rvp_beside, tvb, pinfo, tree, data, FALSE);
}

static void
rvp_init(void)
{
    subscriptions = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
}

void
proto_register_rvp(void)
{
    static const char *const header_abbrevs[RVP_H_CONTENT_LENGTH][3] = {
        { "RVP-Notifications-Version", "rvp.notifications_version", "The RVP version of the message (0.2): "
          "present on every RVP request and response" },
        { "RVP-From-Principal", "rvp.from_principal", "The sender's principal URL" },
        { "Call-Back", "rvp.call_back", "Where the server calls back with NOTIFY: http://client:port" },
        { "Subscription-Id", "rvp.subscription_id", "The subscription a reply granted or a request names" },
        { "Subscription-Lifetime", "rvp.subscription_lifetime", "The subscription's lease in seconds" },
        { "Notification-Type", "rvp.notification_type", "pragma/notify (login), update/propchange (presence)" },
        { "RVP-Ack-Type", "rvp.ack_type", "SingleHop, DeepOr or DeepAnd" },
        { "RVP-Hop-Count", "rvp.hop_count", "Hops the message has made, from 1" },
    };
    static hf_register_info hf[] = {
        { &hf_rvp_method, { "Method", "rvp.method", FT_STRING, BASE_NONE, NULL, 0x0,
            "The request's method: SUBSCRIBE, UNSUBSCRIBE, SUBSCRIPTIONS, NOTIFY, PROPFIND, PROPPATCH, ACL", HFILL } },
        { &hf_rvp_uri, { "URI", "rvp.uri", FT_STRING, BASE_NONE, NULL, 0x0,
            "The request's URI, e.g. /instmsg/aliases/alice", HFILL } },
        { &hf_rvp_status, { "Status", "rvp.status", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The response's status code", HFILL } },
        { &hf_rvp_header[0], { NULL, NULL, FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[1], { NULL, NULL, FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[2], { NULL, NULL, FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[3], { NULL, NULL, FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[4], { NULL, NULL, FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[5], { NULL, NULL, FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[6], { NULL, NULL, FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_header[7], { NULL, NULL, FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_rvp_state, { "Presence", "rvp.state", FT_STRING, BASE_NONE, NULL, 0x0,
            "The presence value in r:state: online, offline, busy, back-soon, away, on-phone, at-lunch, invisible, "
            "idle", HFILL } },
        { &hf_rvp_message, { "Message", "rvp.message", FT_STRING, BASE_NONE, NULL, 0x0,
            "The text of an instant message (text/plain in r:mime-data)", HFILL } },
        { &hf_rvp_typing_user, { "Typing user", "rvp.typing_user", FT_STRING, BASE_NONE, NULL, 0x0,
            "Who is typing (a text/x-msmsgscontrol notice)", HFILL } },
        { &hf_rvp_invitation_command, { "Invitation command", "rvp.invitation.command", FT_STRING, BASE_NONE,
            NULL, 0x0, "INVITE, ACCEPT or CANCEL of a text/x-msmsgsinvite invitation", HFILL } },
        { &hf_rvp_invitation_application, { "Application", "rvp.invitation.application", FT_STRING, BASE_NONE,
            NULL, 0x0, "The invited application, e.g. File Transfer", HFILL } },
        { &hf_rvp_invitation_ip, { "Address", "rvp.invitation.ip", FT_IPv4, BASE_NONE, NULL, 0x0,
            "Where the accepting peer listens (IP-Address:)", HFILL } },
        { &hf_rvp_invitation_port, { "Port", "rvp.invitation.port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The port the accepting peer listens on (Port:)", HFILL } },
    };
    static gint *ett[] = { &ett_rvp };
    static ei_register_info ei[] = {
        { &ei_rvp_bad_endpoint, { "rvp.bad_endpoint", PI_MALFORMED, PI_WARN,
            "Call-Back or IP-Address/Port that is no IPv4 address and port from 1 to 65535: not followed", EXPFILL } },
    };

    for (int h = 0; h < RVP_H_CONTENT_LENGTH; h++) {
        hf[3 + h].hfinfo.name = header_abbrevs[h][0];
        hf[3 + h].hfinfo.abbrev = header_abbrevs[h][1];
        hf[3 + h].hfinfo.blurb = header_abbrevs[h][2];
    }
    proto_rvp = proto_register_protocol("Rendezvous Protocol (Exchange Instant Messaging)", "RVP", "rvp");
    proto_register_field_array(proto_rvp, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_rvp), ei, array_length(ei));
    rvp_beside.proto = proto_rvp;
    beside_register(&rvp_beside);
    register_dissector("rvp", dissect_rvp, proto_rvp);
    register_init_routine(rvp_init);
}

void
proto_reg_handoff_rvp(void)
{
    static const char *const tables[] = { "tcp.port", NULL };

    for (unsigned i = 0; i < exch_role_count; i++)
        if (strcmp(exch_roles[i].code, "rvp") == 0)
            rvp_role = i;
    beside_handoff(&rvp_beside, dissect_rvp_beside_http, "rvp_http", "HTTP with RVP analysis", tables);
    exch_learned_follow_with(EXCH_FOLLOW_RVP, find_dissector("rvp"));
}
