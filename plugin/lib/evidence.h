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
    EXCH_EVIDENCE_IMAP_GREETING,   /* "* OK Microsoft Exchange ... IMAP4rev1 server" */
    EXCH_EVIDENCE_POP3_GREETING,   /* "+OK Microsoft Exchange ... POP3 server" */
    EXCH_EVIDENCE_NNTP_GREETING,   /* "200 NNTP Service ... Version: ...": IIS NNTP, which Exchange uses */
    EXCH_EVIDENCE_OWA,             /* IIS answers a request for /exchange/, /exchweb/ or /public/: Outlook Web Access */
    EXCH_EVIDENCE_KINDS
} exch_evidence_kind_t;

typedef struct {
    const char *code;              /* the filter value: exch.host.evidence == "ehlo" */
    const char *description;
    bool strong;                   /* false: text any server can imitate */
} exch_evidence_t;

extern const exch_evidence_t exch_evidence[EXCH_EVIDENCE_KINDS];

/* The greeting of a Microsoft service: its first line starts with prefix
 * and holds marker. */
typedef struct {
    const char *prefix;
    const char *marker;
    exch_evidence_kind_t kind;
} exch_greeting_t;

extern const exch_greeting_t exch_greetings[];   /* SMTP, IMAP4, POP3, NNTP, NULL-terminated */

/* The kind of evidence a server's first line gives, EXCH_EVIDENCE_KINDS when none. */
exch_evidence_kind_t exch_greeting_evidence(const uint8_t *line, size_t len);

/* A request URI on Outlook Web Access's virtual directories: /exchange,
 * /exchweb or /public (ASCII case ignored), whole or followed by '/' or '?'. */
bool exch_owa_path(const uint8_t *uri, size_t len);

/* An HTTP header block (start line, headers) with a Server header naming
 * Microsoft-IIS (the header name in any case). */
bool exch_iis_server(const uint8_t *head, size_t len);

#endif /* EXCH_EVIDENCE_H */
