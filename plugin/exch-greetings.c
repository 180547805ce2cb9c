/* exch-greetings.c
 * Beside the stock IMAP, POP and NNTP dissectors (beside.h), which show what
 * they show without the plugin: the greetings of Microsoft Exchange's IMAP4
 * and POP3 services and of IIS NNTP, weak evidence that the server is an
 * Exchange server (exch-evidence.h); the client's credentials in the clear,
 * and an IMAP or POP3 login after the server offered STARTTLS, without it
 * (exch-security.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "beside.h"
#include "exch-conv.h"
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

typedef bool (*line_test_t)(exch_text_proto_t proto, const uint8_t *line, size_t len);

static gboolean
some_line(tvbuff_t *tvb, int end, exch_text_proto_t proto, line_test_t test)
{
    for (int offset = 0, next; offset < end; offset = next) {
        int len = tvb_find_line_end(tvb, offset, end - offset, &next, FALSE);

        if (test(proto, tvb_get_ptr(tvb, offset, len), (size_t)len))
            return TRUE;
        if (next <= offset)
            break;
    }
    return FALSE;
}

/* First pass: the server offered STARTTLS, and the client logged in without
 * it (once per connection; exch_security_mark leaves out what TLS carries). */
static void
follow_starttls(tvbuff_t *tvb, packet_info *pinfo, int end, exch_text_proto_t proto, gboolean from_server)
{
    exch_conv_t *conv;

    if (PINFO_FD_VISITED(pinfo))
        return;
    if (from_server) {
        if (some_line(tvb, end, proto, exch_starttls_offered))
            exch_conv_get(pinfo)->starttls_offered = TRUE;
        return;
    }
    conv = exch_conv_find(pinfo);
    if (conv && conv->starttls_offered && !conv->starttls_reported && some_line(tvb, end, proto, exch_login_command)) {
        exch_security_mark(pinfo, EXCH_FINDING_STARTTLS_NOT_USED);
        conv->starttls_reported = TRUE;
    }
}

/* Server lines: the greeting and a STARTTLS offer; client lines: credentials
 * in the clear, and a login that should have come after STARTTLS. */
static void
read_text(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int end, exch_text_proto_t proto)
{
    gboolean from_server = pinfo->srcport == pinfo->match_uint;

    if (end <= 0)
        return;
    if (from_server)
        read_greeting(tvb, pinfo, end);
    else
        exch_credentials_check_lines(tree, pinfo, tvb, end, proto);
    follow_starttls(tvb, pinfo, end, proto, from_server);
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
