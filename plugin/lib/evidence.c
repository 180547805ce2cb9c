/* evidence.c
 * The kinds of evidence of an Exchange server.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "evidence.h"

const exch_evidence_t exch_evidence[EXCH_EVIDENCE_KINDS] = {
    [EXCH_EVIDENCE_EHLO] = { "ehlo", "EHLO reply advertises Exchange's SMTP extensions (X-EXPS, X-LINK2STATE, "
                             "XEXCH50)", true },
    [EXCH_EVIDENCE_LINK_STATE] = { "link-state", "accepts link-state routing traffic (X-LINK2STATE, X-LSA-2)", true },
    [EXCH_EVIDENCE_EPM] = { "epm", "endpoint mapper registers an Exchange RPC interface", true },
    [EXCH_EVIDENCE_SMTP_GREETING] = { "smtp-greeting", "SMTP greeting of Microsoft's SMTP service", false },
    [EXCH_EVIDENCE_RVP] = { "rvp", "answers RVP (Exchange Instant Messaging)", false },
    [EXCH_EVIDENCE_IMAP_GREETING] = { "imap-greeting", "IMAP4 greeting of Microsoft Exchange", false },
    [EXCH_EVIDENCE_POP3_GREETING] = { "pop3-greeting", "POP3 greeting of Microsoft Exchange", false },
    [EXCH_EVIDENCE_NNTP_GREETING] = { "nntp-greeting", "NNTP greeting of Microsoft's NNTP service", false },
};

const exch_greeting_t exch_greetings[] = {
    { "220 ", "Microsoft ESMTP MAIL Service", EXCH_EVIDENCE_SMTP_GREETING },
    { "220-", "Microsoft ESMTP MAIL Service", EXCH_EVIDENCE_SMTP_GREETING },
    { "* OK ", "Microsoft Exchange", EXCH_EVIDENCE_IMAP_GREETING },
    { "+OK ", "Microsoft Exchange", EXCH_EVIDENCE_POP3_GREETING },
    { "200 NNTP Service ", "Version: ", EXCH_EVIDENCE_NNTP_GREETING },
    { "201 NNTP Service ", "Version: ", EXCH_EVIDENCE_NNTP_GREETING },
    { NULL, NULL, EXCH_EVIDENCE_KINDS },
};

static bool
holds(const uint8_t *line, size_t len, size_t from, const char *marker)
{
    size_t n = strlen(marker);

    for (size_t i = from; i + n <= len; i++)
        if (memcmp(line + i, marker, n) == 0)
            return true;
    return false;
}

exch_evidence_kind_t
exch_greeting_evidence(const uint8_t *line, size_t len)
{
    for (const exch_greeting_t *g = exch_greetings; g->prefix; g++) {
        size_t n = strlen(g->prefix);
        if (len >= n && memcmp(line, g->prefix, n) == 0 && holds(line, len, n, g->marker))
            return g->kind;
    }
    return EXCH_EVIDENCE_KINDS;
}
