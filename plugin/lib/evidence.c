/* evidence.c
 * The kinds of evidence of an Exchange server.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <strings.h>

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
    [EXCH_EVIDENCE_OWA] = { "owa", "IIS answers Outlook Web Access's paths (/exchange/, /exchweb/, /public/)", false },
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

bool
exch_owa_path(const uint8_t *uri, size_t len)
{
    static const char *const dirs[] = { "/exchange", "/exchweb", "/public" };

    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        size_t n = strlen(dirs[i]);
        if (len >= n && strncasecmp((const char *)uri, dirs[i], n) == 0 &&
            (len == n || uri[n] == '/' || uri[n] == '?'))
            return true;
    }
    return false;
}

bool
exch_iis_server(const uint8_t *head, size_t len)
{
    static const char name[] = "Server:";
    const size_t n = sizeof name - 1;

    for (size_t at = 0; at + n <= len; at++) {
        size_t end = at + n;
        if ((at > 0 && head[at - 1] != '\n') || strncasecmp((const char *)head + at, name, n) != 0)
            continue;
        while (end < len && head[end] == ' ')
            end++;
        for (size_t line_end = end; line_end < len && head[line_end] != '\r' && head[line_end] != '\n'; line_end++)
            if (line_end + 13 <= len && memcmp(head + line_end, "Microsoft-IIS", 13) == 0)
                return true;
    }
    return false;
}

