/* exch-evidence.c
 * The evidence that a host is an Exchange server, kept per host for the
 * capture (lib/servertab.h, port 0), and its display. A frame shows the evidence that frames up
 * to it showed, in every pass alike.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/proto_data.h>

#include "compat.h"
#include "exch-conv.h"
#include "exch-evidence.h"
#include "exch-servers.h"
#include "lib/servertab.h"

/* every kind of evidence keeps the frame that first showed it */
G_STATIC_ASSERT(EXCH_EVIDENCE_KINDS <= EXCH_SERVER_FACTS);

#define HOST_PORT 0                  /* the table's key for facts about a whole host */

static exch_servertab_t hosts;       /* evidence per host, a table of its own: the same cap as the servers' */

static int hf_exch_host_exchange = -1;
static int hf_exch_host_strength = -1;
static int hf_exch_host_evidence = -1;
static int hf_exch_host_evidence_in = -1;
static gint ett_exch_host = EXCH_ETT_INIT;
static expert_field ei_exch_hosts_capped = EI_INIT;
static int proto_owner = -1;
static gboolean capped_in_capture;  /* some frame's evidence was not kept: only then are frames looked at */

static void
hosts_init(void)
{
    exch_servertab_clear(&hosts);
    capped_in_capture = FALSE;
}

void
exch_evidence_note(packet_info *pinfo, const address *host, exch_evidence_kind_t kind)
{
    if (PINFO_FD_VISITED(pinfo) || kind >= EXCH_EVIDENCE_KINDS || !exch_is_ip_address(host))
        return;
    /* the table is full: said in this frame, in every pass */
    if (!exch_servertab_note(&hosts, (const uint8_t *)host->data, (size_t)host->len, HOST_PORT, 1u << kind,
                             pinfo->num)) {
        capped_in_capture = TRUE;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_owner, EXCH_FRAME_HOSTS_CAPPED, GUINT_TO_POINTER(1));
    }
}

void
exch_evidence_add_capped(proto_tree *exch_tree, packet_info *pinfo, tvbuff_t *tvb)
{
    if (capped_in_capture && p_get_proto_data(wmem_file_scope(), pinfo, proto_owner, EXCH_FRAME_HOSTS_CAPPED))
        proto_tree_add_expert(exch_tree, pinfo, &ei_exch_hosts_capped, tvb, 0, 0);
}

/* The kinds of evidence frames up to this one showed, as bits. */
static guint32
shown_by_now(const exch_server_t *host, guint32 frame)
{
    guint32 shown = 0;

    for (unsigned kind = 0; kind < EXCH_EVIDENCE_KINDS; kind++)
        if ((host->facts & (1u << kind)) && host->since[kind] <= frame)
            shown |= 1u << kind;
    return shown;
}

static const exch_server_t *
find_host(const address *server)
{
    if (!exch_is_ip_address(server))
        return NULL;
    return exch_servertab_find(&hosts, (const uint8_t *)server->data, (size_t)server->len, HOST_PORT);
}

guint32
exch_evidence_shown(const address *server, guint32 frame)
{
    const exch_server_t *host = find_host(server);

    return host ? shown_by_now(host, frame) : 0;
}

gboolean
exch_evidence_strong(guint32 shown)
{
    for (unsigned kind = 0; kind < EXCH_EVIDENCE_KINDS; kind++)
        if ((shown & (1u << kind)) && exch_evidence[kind].strong)
            return TRUE;
    return FALSE;
}

/* Shown in a visible tree, or when a filter, column or -e asks for one of
 * the fields: a tree built only for other fields (tshark -T fields) skips it. */
static gboolean
evidence_asked(proto_tree *tree)
{
    return proto_field_is_referenced(tree, hf_exch_host_exchange) ||
           proto_field_is_referenced(tree, hf_exch_host_strength) ||
           proto_field_is_referenced(tree, hf_exch_host_evidence) ||
           proto_field_is_referenced(tree, hf_exch_host_evidence_in);
}

void
exch_evidence_add_tree(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo, const address *server)
{
    const exch_server_t *host = evidence_asked(exch_tree) ? find_host(server) : NULL;
    guint32 shown = host ? shown_by_now(host, pinfo->num) : 0;
    proto_item *ti;
    proto_tree *sub;

    if (!shown)
        return;
    ti = proto_tree_add_boolean(exch_tree, hf_exch_host_exchange, tvb, 0, 0, TRUE);
    proto_item_set_generated(ti);
    sub = proto_item_add_subtree(ti, ett_exch_host);
    proto_item_set_generated(proto_tree_add_string(sub, hf_exch_host_strength, tvb, 0, 0,
                                                   exch_evidence_strong(shown) ? "strong" : "weak"));
    for (unsigned kind = 0; kind < EXCH_EVIDENCE_KINDS; kind++) {
        if (!(shown & (1u << kind)))
            continue;
        ti = proto_tree_add_string_format_value(sub, hf_exch_host_evidence, tvb, 0, 0, exch_evidence[kind].code,
                                                "%s (%s, %s)", exch_evidence[kind].code,
                                                exch_evidence[kind].description,
                                                exch_evidence[kind].strong ? "strong" : "weak");
        proto_item_set_generated(ti);
        proto_item_set_generated(proto_tree_add_uint(sub, hf_exch_host_evidence_in, tvb, 0, 0, host->since[kind]));
    }
}

void
exch_evidence_register(int proto_exch)
{
    static hf_register_info hf[] = {
        { &hf_exch_host_exchange,
          { "Exchange server", "exch.host.exchange", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The frame's server has shown, up to this frame, evidence of being an Exchange 2000/2003 server "
            "(exch.host.evidence); absent when it has shown none", HFILL } },
        { &hf_exch_host_strength,
          { "Strength", "exch.host.strength", FT_STRING, BASE_NONE, NULL, 0x0,
            "strong: Exchange's own SMTP extensions, link state or RPC interfaces; weak: only greetings or "
            "headers, which any server can imitate", HFILL } },
        { &hf_exch_host_evidence,
          { "Evidence", "exch.host.evidence", FT_STRING, BASE_NONE, NULL, 0x0,
            "What showed the server to be an Exchange server: ehlo, link-state, epm (strong), smtp-greeting, "
            "imap-greeting, pop3-greeting, nntp-greeting, rvp, owa (weak)", HFILL } },
        { &hf_exch_host_evidence_in,
          { "Evidence in", "exch.host.evidence_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The first frame that showed the evidence before it", HFILL } },
    };
    static gint *ett[] = { &ett_exch_host };
    static ei_register_info ei[] = {
        { &ei_exch_hosts_capped, { "exch.hosts_capped", PI_PROTOCOL, PI_NOTE,
            "Exchange server evidence not kept for the capture: 4,096 hosts are known already", EXPFILL } },
    };

    proto_owner = proto_exch;
    expert_register_field_array(expert_register_protocol(proto_exch), ei, array_length(ei));
    proto_register_field_array(proto_exch, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    register_init_routine(hosts_init);
}
