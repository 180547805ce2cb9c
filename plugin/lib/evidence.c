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
};

bool
exch_smtp_greeting_is_microsoft(const uint8_t *line, size_t len)
{
    static const char mark[] = "Microsoft ESMTP MAIL Service";
    const size_t n = sizeof mark - 1;

    if (len < 4 || memcmp(line, "220", 3) != 0 || (line[3] != ' ' && line[3] != '-'))
        return false;
    for (size_t i = 4; i + n <= len; i++)
        if (memcmp(line + i, mark, n) == 0)
            return true;
    return false;
}
