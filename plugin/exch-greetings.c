/* exch-greetings.c
 * Beside the stock IMAP, POP and NNTP dissectors (beside.h), which show what
 * they show without the plugin: the greetings of Microsoft Exchange's IMAP4
 * and POP3 services and of IIS NNTP, weak evidence that the server is an
 * Exchange server (exch-evidence.h), and the client's credentials in the clear
 * (exch-security.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "beside.h"
#include "exch-security.h"
#include "exch-evidence.h"
#include "exch-greetings.h"

/* The server's first line of the PDU; the first pass notes what it shows. */
static void
read_greeting(tvbuff_t *tvb, packet_info *pinfo, int end)
{
    int line_len;
    exch_evidence_kind_t kind;

    if (PINFO_FD_VISITED(pinfo))
        return;
    line_len = tvb_find_line_end(tvb, 0, end, NULL, FALSE);
    kind = exch_greeting_evidence(tvb_get_ptr(tvb, 0, line_len), (size_t)line_len);
    if (kind != EXCH_EVIDENCE_KINDS)
        exch_evidence_note(pinfo, &pinfo->src, kind);
}

/* Server lines: the greeting; client lines: credentials in the clear. */
static void
read_text(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int end, exch_text_proto_t proto)
{
    if (end <= 0)
        return;
    if (pinfo->srcport == pinfo->match_uint)
        read_greeting(tvb, pinfo, end);
    else
        exch_credentials_check_lines(tree, pinfo, tvb, end, proto);
}

static void
read_imap(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_, int end)
{
    read_text(tvb, pinfo, tree, end, EXCH_TEXT_IMAP);
}

static void
read_pop(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_, int end)
{
    read_text(tvb, pinfo, tree, end, EXCH_TEXT_POP3);
}

static void
read_nntp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_, int end)
{
    read_text(tvb, pinfo, tree, end, EXCH_TEXT_NNTP);
}

static beside_t imap_beside = { "imap", "exch.greeting.imap", -1, read_imap, NULL, NULL };
static beside_t pop_beside = { "pop", "exch.greeting.pop", -1, read_pop, NULL, NULL };
static beside_t nntp_beside = { "nntp", "exch.greeting.nntp", -1, read_nntp, NULL, NULL };

static int
dissect_imap_greeting(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&imap_beside, tvb, pinfo, tree, data, FALSE);
}

static int
dissect_pop_greeting(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&pop_beside, tvb, pinfo, tree, data, FALSE);
}

static int
dissect_nntp_greeting(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return beside_dissect(&nntp_beside, tvb, pinfo, tree, data, FALSE);
}

void
exch_greetings_register(int proto_exch)
{
    imap_beside.proto = pop_beside.proto = nntp_beside.proto = proto_exch;
    beside_register(&imap_beside);
    beside_register(&pop_beside);
    beside_register(&nntp_beside);
}

void
exch_greetings_handoff(void)
{
    static const char *const tables[] = { "tcp.port", "tls.port", NULL };

    beside_handoff(&imap_beside, dissect_imap_greeting, "exch_imap", "IMAP, with the Exchange greeting read",
                   tables);
    beside_handoff(&pop_beside, dissect_pop_greeting, "exch_pop", "POP, with the Exchange greeting read", tables);
    beside_handoff(&nntp_beside, dissect_nntp_greeting, "exch_nntp", "NNTP, with the greeting of IIS NNTP read",
                   tables);
}
