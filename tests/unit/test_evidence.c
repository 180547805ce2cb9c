/* test_evidence.c
 * Unit tests of the greetings that are evidence of an Exchange server.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "check.h"
#include "evidence.h"

static exch_evidence_kind_t
greeting(const char *line)
{
    return exch_greeting_evidence((const uint8_t *)line, strlen(line));
}

int
main(void)
{
    /* the forms of nmap-service-probes and client test suites */
    CHECK(greeting("220 ex1.example.test Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at  "
                   "Thu, 1 Jan 2026 00:00:00 +0000") == EXCH_EVIDENCE_SMTP_GREETING);
    CHECK(greeting("220-ex1 Microsoft ESMTP MAIL Service, Version: 5.0.2195.6713 ready") ==
          EXCH_EVIDENCE_SMTP_GREETING);
    CHECK(greeting("* OK Microsoft Exchange 2000 IMAP4rev1 server version 6.0.6249.0 (ex1) ready.") ==
          EXCH_EVIDENCE_IMAP_GREETING);
    CHECK(greeting("+OK Microsoft Exchange Server 2003 POP3 server version 6.5.7638.1 (ex1) ready.") ==
          EXCH_EVIDENCE_POP3_GREETING);
    CHECK(greeting("200 NNTP Service 5.00.0984 Version: 5.0.2195.6702 Posting Allowed") ==
          EXCH_EVIDENCE_NNTP_GREETING);
    CHECK(greeting("201 NNTP Service 6.0.3790.0 Version: 6.0.3790.0 Posting Not Allowed") ==
          EXCH_EVIDENCE_NNTP_GREETING);
    /* other servers, and the marker outside a greeting */
    CHECK(greeting("220 mail.example.test ESMTP Postfix (Debian/GNU)") == EXCH_EVIDENCE_KINDS);
    CHECK(greeting("* OK [CAPABILITY IMAP4rev1] Dovecot (Debian) ready.") == EXCH_EVIDENCE_KINDS);
    CHECK(greeting("250 Microsoft ESMTP MAIL Service") == EXCH_EVIDENCE_KINDS);
    CHECK(greeting("220Microsoft ESMTP MAIL Service") == EXCH_EVIDENCE_KINDS);
    CHECK(greeting("* OK ") == EXCH_EVIDENCE_KINDS && greeting("") == EXCH_EVIDENCE_KINDS);
    CHECK(greeting("200 NNTP Service 5.00.0984") == EXCH_EVIDENCE_KINDS);     /* no "Version: " */
    /* every kind has a code, a description and a strength */
    for (unsigned k = 0; k < EXCH_EVIDENCE_KINDS; k++)
        CHECK(exch_evidence[k].code && exch_evidence[k].description);
    CHECK(exch_evidence[EXCH_EVIDENCE_EHLO].strong && !exch_evidence[EXCH_EVIDENCE_SMTP_GREETING].strong);

    /* Outlook Web Access: the paths, and IIS's Server header */
#define OWA(text) exch_owa_path((const uint8_t *)(text), strlen(text))
    CHECK(OWA("/exchange") && OWA("/exchange/") && OWA("/Exchange/alice/Inbox") && OWA("/exchweb/img/x.gif"));
    CHECK(OWA("/public/") && OWA("/exchange?Cmd=contents"));
    CHECK(!OWA("/exchanges/") && !OWA("/") && !OWA("/owa/") && !OWA("/publications") && !OWA(""));
#define IIS(text) exch_iis_server((const uint8_t *)(text), strlen(text))
    CHECK(IIS("HTTP/1.1 401 Unauthorized\r\nServer: Microsoft-IIS/6.0\r\n\r\n"));
    CHECK(IIS("HTTP/1.1 200 OK\r\nserver:Microsoft-IIS/5.0\r\n\r\n"));
    CHECK(!IIS("HTTP/1.1 200 OK\r\nServer: Apache/2.4.57\r\n\r\n"));
    CHECK(!IIS("HTTP/1.1 200 OK\r\nX-Server: Microsoft-IIS/6.0\r\n\r\n"));
    CHECK(!IIS("HTTP/1.1 200 OK\r\nServer: nginx\r\nX-Powered-By: Microsoft-IIS\r\n\r\n"));
    CHECK(!IIS("Server: Microsoft-II"));
    return CHECK_DONE();
}
