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
    return CHECK_DONE();
}
