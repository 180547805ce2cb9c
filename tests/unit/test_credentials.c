/* test_credentials.c
 * Unit tests of the cleartext credentials in client lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "check.h"
#include "credentials.h"

static const char *
in(exch_text_proto_t proto, const char *line)
{
    return exch_credentials_in_line(proto, (const uint8_t *)line, strlen(line));
}

static int
same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
main(void)
{
    CHECK(same(in(EXCH_TEXT_SMTP, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"), "SMTP AUTH PLAIN"));
    CHECK(same(in(EXCH_TEXT_SMTP, "auth login\r\n"), "SMTP AUTH LOGIN"));
    CHECK(same(in(EXCH_TEXT_SMTP, "AUTH GSSAPI\r\n"), NULL));          /* Kerberos: no password on the wire */
    CHECK(same(in(EXCH_TEXT_SMTP, "AUTH NTLM TlRMTVNTUAABAAAA\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_SMTP, "AUTHX PLAIN\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_SMTP, "MAIL FROM:<a@b>\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_POP3, "USER alice\r\n"), "POP3 USER"));
    CHECK(same(in(EXCH_TEXT_POP3, "PASS secret\r\n"), "POP3 PASS"));
    CHECK(same(in(EXCH_TEXT_POP3, "AUTH PLAIN\r\n"), "POP3 AUTH PLAIN"));
    CHECK(same(in(EXCH_TEXT_POP3, "APOP alice 0123456789abcdef\r\n"), NULL));   /* a digest */
    CHECK(same(in(EXCH_TEXT_POP3, "PASSWORD x\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_IMAP, "a1 LOGIN alice secret\r\n"), "IMAP LOGIN"));
    CHECK(same(in(EXCH_TEXT_IMAP, "a2 authenticate plain\r\n"), "IMAP AUTHENTICATE PLAIN"));
    CHECK(same(in(EXCH_TEXT_IMAP, "a2 AUTHENTICATE LOGIN\r\n"), "IMAP AUTHENTICATE LOGIN"));
    CHECK(same(in(EXCH_TEXT_IMAP, "a3 AUTHENTICATE GSSAPI\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_IMAP, "LOGIN alice secret\r\n"), NULL));   /* no tag: "LOGIN" is the tag */
    CHECK(same(in(EXCH_TEXT_IMAP, "a4 CAPABILITY\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_NNTP, "AUTHINFO USER alice\r\n"), "NNTP AUTHINFO USER"));
    CHECK(same(in(EXCH_TEXT_NNTP, "AUTHINFO PASS secret\r\n"), "NNTP AUTHINFO PASS"));
    CHECK(same(in(EXCH_TEXT_NNTP, "AUTHINFO SASL NTLM\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_IRC, "PASS secret\r\n"), "IRC PASS"));
    CHECK(same(in(EXCH_TEXT_IRC, "PRIVMSG #c :PASS secret\r\n"), NULL));
    CHECK(same(in(EXCH_TEXT_SMTP, ""), NULL) && same(in(EXCH_TEXT_IMAP, ""), NULL));
    CHECK(same(in(EXCH_TEXT_POP3, "PASS"), "POP3 PASS"));              /* the end of the segment */
    {
        static const char basic[] = "GET /exchange/ HTTP/1.1\r\nHost: x\r\nauthorization: basic YWxpY2U6c2VjcmV0\r\n\r\n";
        static const char ntlm[] = "GET /exchange/ HTTP/1.1\r\nAuthorization: NTLM TlRMTVNTUAAB\r\n\r\n";
        static const char inside[] = "GET /x HTTP/1.1\r\nX-Note: Authorization: Basic x\r\n\r\n";
        CHECK(exch_http_basic_auth((const uint8_t *)basic, strlen(basic)));
        CHECK(!exch_http_basic_auth((const uint8_t *)ntlm, strlen(ntlm)));
        CHECK(!exch_http_basic_auth((const uint8_t *)inside, strlen(inside)));
    }

    /* STARTTLS offered: Dovecot's greeting and CAPABILITY response (real/imap-143), its CAPA (real/pop3-110) */
#define OFFERED(proto, text) exch_starttls_offered(proto, (const uint8_t *)(text), strlen(text))
    CHECK(OFFERED(EXCH_TEXT_IMAP, "* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ STARTTLS AUTH=PLAIN] Dovecot ready.\r\n"));
    CHECK(OFFERED(EXCH_TEXT_IMAP, "* CAPABILITY IMAP4rev1 STARTTLS\r\n"));
    CHECK(OFFERED(EXCH_TEXT_IMAP, "* OK [CAPABILITY IMAP4rev1 STARTTLS]"));
    CHECK(!OFFERED(EXCH_TEXT_IMAP, "* CAPABILITY IMAP4rev1 XSTARTTLS\r\n"));
    CHECK(!OFFERED(EXCH_TEXT_IMAP, "* CAPABILITY IMAP4rev1 STARTTLSX\r\n"));
    CHECK(!OFFERED(EXCH_TEXT_IMAP, "A001 OK STARTTLS completed\r\n"));          /* tagged: no capability */
    CHECK(!OFFERED(EXCH_TEXT_IMAP, "* CAPABILITY IMAP4rev1 LOGINDISABLED\r\n"));
    CHECK(OFFERED(EXCH_TEXT_POP3, "STLS\r\n"));
    CHECK(OFFERED(EXCH_TEXT_POP3, "STLS"));
    CHECK(!OFFERED(EXCH_TEXT_POP3, "STLS extra\r\n"));
    CHECK(!OFFERED(EXCH_TEXT_POP3, "+OK Dovecot ready.\r\n"));
    CHECK(!OFFERED(EXCH_TEXT_SMTP, "250-STARTTLS\r\n"));                        /* SMTP: packet-xlsa.c */
    CHECK(!OFFERED(EXCH_TEXT_IMAP, "") && !OFFERED(EXCH_TEXT_IMAP, "*"));
#define LOGIN(proto, text) exch_login_command(proto, (const uint8_t *)(text), strlen(text))
    CHECK(LOGIN(EXCH_TEXT_IMAP, "A002 AUTHENTICATE PLAIN AGFsaWNlAHBhc3M=\r\n"));
    CHECK(LOGIN(EXCH_TEXT_IMAP, "a1 AUTHENTICATE GSSAPI\r\n"));
    CHECK(LOGIN(EXCH_TEXT_IMAP, "a1 login alice secret\r\n"));
    CHECK(!LOGIN(EXCH_TEXT_IMAP, "A001 CAPABILITY\r\n"));
    CHECK(!LOGIN(EXCH_TEXT_IMAP, "A001 STARTTLS\r\n"));
    CHECK(LOGIN(EXCH_TEXT_POP3, "AUTH PLAIN\r\n") && LOGIN(EXCH_TEXT_POP3, "USER alice\r\n"));
    CHECK(LOGIN(EXCH_TEXT_POP3, "APOP alice c4c9334bac560ecc979e58001b3e22fb\r\n"));
    CHECK(!LOGIN(EXCH_TEXT_POP3, "CAPA\r\n") && !LOGIN(EXCH_TEXT_POP3, "STLS\r\n"));
    CHECK(!LOGIN(EXCH_TEXT_POP3, "AUTH\r\n") && !LOGIN(EXCH_TEXT_POP3, "AUTH"));    /* the mechanism list */
    CHECK(!LOGIN(EXCH_TEXT_NNTP, "AUTHINFO USER alice\r\n"));
    return CHECK_DONE();
}
