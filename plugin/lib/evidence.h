/* evidence.h
 * What a capture can show about a host being a Microsoft Exchange 2000/2003
 * server, and how strong each sign is: Exchange's own SMTP extensions, link
 * state and RPC interfaces cannot be had without Exchange; greetings are text
 * any server can be configured to send. Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_EVIDENCE_H
#define EXCH_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    EXCH_EVIDENCE_EHLO,            /* its EHLO reply advertises X-EXPS, X-LINK2STATE, X-LSA-2 or XEXCH50 */
    EXCH_EVIDENCE_LINK_STATE,      /* it accepts link-state traffic: a routing group member */
    EXCH_EVIDENCE_EPM,             /* its endpoint mapper registers an Exchange RPC interface */
    EXCH_EVIDENCE_SMTP_GREETING,   /* "Microsoft ESMTP MAIL Service": IIS SMTP, which Exchange extends */
    EXCH_EVIDENCE_RVP,             /* it answers RVP: Exchange 2000 Instant Messaging */
    EXCH_EVIDENCE_KINDS
} exch_evidence_kind_t;

typedef struct {
    const char *code;              /* the filter value: exch.host.evidence == "ehlo" */
    const char *description;
    bool strong;                   /* false: text any server can imitate */
} exch_evidence_t;

extern const exch_evidence_t exch_evidence[EXCH_EVIDENCE_KINDS];

/* Whether an SMTP greeting line ("220 host Microsoft ESMTP MAIL Service,
 * Version: ...") is that of Microsoft's SMTP service. */
bool exch_smtp_greeting_is_microsoft(const uint8_t *line, size_t len);

#endif /* EXCH_EVIDENCE_H */
