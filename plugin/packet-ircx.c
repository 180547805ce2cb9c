/* packet-ircx.c
 * IRCX, Microsoft's extension of IRC that the Exchange 2000 Chat Service
 * speaks: the IRCX commands and the 800-series numerics in IRC text, marked
 * beside the stock IRC dissector (beside.h) so that IRCX chat is filterable
 * (ircx.command, ircx.numeric). The irc and irc-ssl roles' ports hand their
 * IRC to this wrapper (fields/roles.tsv): 6667 and 7000 through their guard
 * (exch-guard.h), 994 after TLS.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "beside.h"
#include "exch-security.h"
#include "compat.h"
#include "exch-roles.h"
#include "packet-exch.h"
#include "lib/ircx.h"

static int proto_ircx = -1;
static int hf_ircx_command = -1;
static int hf_ircx_numeric = -1;
static gint ett_ircx = EXCH_ETT_INIT;

static void
analyse_ircx(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_, int end)
{
    exch_ircx_mark_t marks[EXCH_IRCX_MARKS_MAX];
    size_t n = end > 0 ? exch_ircx_scan(tvb_get_ptr(tvb, 0, end), (size_t)end, marks, EXCH_IRCX_MARKS_MAX) : 0;
    proto_tree *ircx_tree;

    if (end > 0 && pinfo->destport == pinfo->match_uint)
        exch_credentials_check_lines(tree, pinfo, tvb, end, EXCH_TEXT_IRC);
    if (n == 0)
        return;
    ircx_tree = proto_item_add_subtree(proto_tree_add_item(tree, proto_ircx, tvb, 0, end, ENC_NA), ett_ircx);
    for (size_t i = 0; i < n; i++) {
        if (marks[i].numeric)
            proto_tree_add_uint(ircx_tree, hf_ircx_numeric, tvb, (int)marks[i].off, 3, marks[i].numeric);
        else
            proto_tree_add_item(ircx_tree, hf_ircx_command, tvb, (int)marks[i].off, (int)marks[i].len, ENC_ASCII);
    }
}

static beside_t ircx_beside = { NULL, "ircx.irc", -1, analyse_ircx, NULL, NULL };

/* Carries IRC's protocol: the frame shows IRC as without the plugin. */
static int
dissect_irc_with_ircx(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return ircx_beside.stock ? beside_dissect(&ircx_beside, tvb, pinfo, tree, data, FALSE) : 0;
}

void
proto_register_ircx(void)
{
    static hf_register_info hf[] = {
        { &hf_ircx_command, { "Command", "ircx.command", FT_STRING, BASE_NONE, NULL, 0x0,
            "An IRCX command: ACCESS, AUTH, CREATE, DATA, EVENT, IRCX, ISIRCX, LISTX, PROP, REPLY, REQUEST, WHISPER",
            HFILL } },
        { &hf_ircx_numeric, { "Numeric", "ircx.numeric", FT_UINT16, BASE_DEC, NULL, 0x0,
            "An IRCX numeric reply (800-899) or error (900-999)", HFILL } },
    };
    static gint *ett[] = { &ett_ircx };
    int proto_irc = proto_get_id_by_filter_name("irc");

    proto_ircx = proto_register_protocol("Microsoft IRC extensions", "IRCX", "ircx");
    proto_register_field_array(proto_ircx, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    ircx_beside.proto = proto_ircx;
    beside_register(&ircx_beside);
    if (proto_irc != -1)
        register_dissector_with_description("ircx_irc", "IRC with the IRCX analysis", dissect_irc_with_ircx,
                                            proto_irc);
}

void
proto_reg_handoff_ircx(void)
{
    ircx_beside.stock = exch_dissector_by_name("irc");
}
