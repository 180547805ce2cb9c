/* test_rvpmsg.c
 * Unit tests of the RVP message reader, on the forms of draft-osborne-rvp-00
 * and the real client log in ../shared/notes/rvp.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "check.h"
#include "rvpmsg.h"

static const char subscribe[] =
    "SUBSCRIBE /instmsg/aliases/utegaact HTTP/1.1\r\n"
    "RVP-Notifications-Version: 0.2\r\n"
    "Notification-Type: pragma/notify\r\n"
    "RVP-From-Principal: http://omnent/instmsg/aliases/utegaact\r\n"
    "Subscription-Lifetime: 14000\r\n"
    "Call-Back: http://172.16.6.148:48401\r\n"
    "Content-Length: 0\r\n\r\n";

static bool
span_eq(const char *base, rvp_span_t s, const char *want)
{
    return s.len == strlen(want) && memcmp(base + s.off, want, s.len) == 0;
}

static rvp_result_t
parse(const char *text, rvp_message_t *m)
{
    return exch_rvp_parse((const uint8_t *)text, strlen(text), m);
}

static void
test_subscribe(void)
{
    rvp_message_t m;
    uint8_t ip[4];
    uint16_t port;
    uint32_t lifetime;

    CHECK(parse(subscribe, &m) == RVP_COMPLETE && m.request && exch_rvp_is_rvp((const uint8_t *)subscribe, &m));
    CHECK(span_eq(subscribe, m.method, "SUBSCRIBE") && span_eq(subscribe, m.uri, "/instmsg/aliases/utegaact"));
    CHECK(span_eq(subscribe, m.header[RVP_H_NOTIFICATIONS_VERSION], "0.2"));
    CHECK(span_eq(subscribe, m.header[RVP_H_CALL_BACK], "http://172.16.6.148:48401"));
    CHECK(m.header_len == strlen(subscribe) && m.body_len == 0);
    CHECK(exch_rvp_endpoint((const uint8_t *)subscribe + m.header[RVP_H_CALL_BACK].off,
                            m.header[RVP_H_CALL_BACK].len, ip, &port));
    CHECK(ip[0] == 172 && ip[1] == 16 && ip[2] == 6 && ip[3] == 148 && port == 48401);
    CHECK(exch_rvp_number((const uint8_t *)subscribe + m.header[RVP_H_SUBSCRIPTION_LIFETIME].off,
                          m.header[RVP_H_SUBSCRIPTION_LIFETIME].len, UINT32_MAX, &lifetime) && lifetime == 14000);
    /* every prefix is incomplete */
    for (size_t n = 1; n < strlen(subscribe); n++)
        CHECK(exch_rvp_parse((const uint8_t *)subscribe, n, &m) == RVP_INCOMPLETE);
}

static void
test_rvp_or_not(void)
{
    rvp_message_t m;
    static const char owa[] = "SUBSCRIBE /exchange/alice/inbox HTTP/1.1\r\nNotification-Type: update/newmember\r\n"
                              "Call-Back: httpu://10.0.0.5:1030/\r\n\r\n";
    static const char list[] = "SUBSCRIPTIONS /instmsg/aliases/alice HTTP/1.1\r\n\r\n";
    static const char acl[] = "ACL /instmsg/aliases/alice HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    static const char reply[] = "HTTP/1.1 200 Successful\r\nRVP-Notifications-Version: 0.2\r\n"
                                "Subscription-Id: 42\r\nSubscription-Lifetime: 14400\r\n\r\n";
    static const char lower[] = "subscribe /instmsg HTTP/1.1\r\n\r\n";

    CHECK(parse(owa, &m) == RVP_COMPLETE && !exch_rvp_is_rvp((const uint8_t *)owa, &m));
    CHECK(parse(list, &m) == RVP_COMPLETE && exch_rvp_is_rvp((const uint8_t *)list, &m));
    CHECK(parse(acl, &m) == RVP_COMPLETE && m.body_len == 3 && exch_rvp_is_rvp((const uint8_t *)acl, &m));
    CHECK(parse(reply, &m) == RVP_COMPLETE && !m.request && m.status == 200);
    CHECK(exch_rvp_is_rvp((const uint8_t *)reply, &m) && span_eq(reply, m.header[RVP_H_SUBSCRIPTION_ID], "42"));
    CHECK(parse(lower, &m) == RVP_NOT_HTTP);
    CHECK(parse("\x05\x00\x0b\x03", &m) == RVP_NOT_HTTP);
    CHECK(parse("GET /x HTTP/2.0\r\n\r\n", &m) == RVP_NOT_HTTP);
}

/* start line and headers of exactly 8,192 bytes are read; of 8,193 they are not */
static void
test_header_limit(void)
{
    static char text[RVP_HEADER_MAX + 64];
    static const char start[] = "NOTIFY /x HTTP/1.1\r\nX: ";
    rvp_message_t m;
    size_t fill = RVP_HEADER_MAX - strlen(start) - 4;

    memcpy(text, start, strlen(start));
    memset(text + strlen(start), 'a', fill);
    memcpy(text + strlen(start) + fill, "\r\n\r\n", 5);
    CHECK(parse(text, &m) == RVP_COMPLETE && m.header_len == RVP_HEADER_MAX);
    memset(text + strlen(start), 'a', fill + 1);
    memcpy(text + strlen(start) + fill + 1, "\r\n\r\n", 5);
    CHECK(parse(text, &m) == RVP_NOT_HTTP);
}

static void
test_endpoints(void)
{
    uint8_t ip[4];
    uint16_t port;
#define EP(s) exch_rvp_endpoint((const uint8_t *)(s), strlen(s), ip, &port)
    CHECK(EP("http://10.0.0.5:1") && port == 1 && EP("http://10.0.0.5:65535/") && port == 65535);
    CHECK(!EP("http://10.0.0.5:0") && !EP("http://10.0.0.5:65536") && !EP("http://10.0.0.5"));
    CHECK(!EP("http://im.example.com:80") && !EP("httpu://10.0.0.5:1030") && !EP("http://10.0.0.256:80"));
    CHECK(!EP("http://10.0.0:80") && !EP("http://10.0.0.5.6:80") && !EP("http://:80") && !EP(""));
    CHECK(EP("HTTP://192.0.2.100:48401/instmsg/local") && port == 48401 && ip[3] == 100);
#undef EP
}

static void
test_bodies(void)
{
    static const char presence[] =
        "<?xml version=\"1.0\"?><r:notification xmlns:r=\"http://schemas.microsoft.com/rvp/\"><r:message>"
        "<r:notification-from><r:contact><d:href>http://im/instmsg/aliases/bob</d:href></r:contact>"
        "</r:notification-from><r:propnotification><d:propstat><d:prop><r:state>\r\n <r:busy/></r:state>"
        "</d:prop></d:propstat></r:propnotification></r:message></r:notification>";
    static const char im[] =
        "<r:notification><r:message><r:msgbody><r:mime-data><![CDATA[MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial\r\n\r\nhello, bob]]>"
        "</r:mime-data></r:msgbody></r:message></r:notification>";
    static const char typing[] =
        "<r:mime-data><![CDATA[MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\n"
        "TypingUser: alice@im\r\n\r\n]]></r:mime-data>";
    static const char accept[] =
        "<r:mime-data><![CDATA[MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
        "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 7\r\nIP-Address: 192.0.2.100\r\nPort: 6891\r\n"
        "AuthCookie: 1234\r\n\r\n]]></r:mime-data>";
    rvp_body_t b;
    uint8_t ip[4];
    uint16_t port;

    exch_rvp_body((const uint8_t *)presence, strlen(presence), &b);
    CHECK(span_eq(presence, b.state, "busy") && b.message.len == 0);
    exch_rvp_body((const uint8_t *)im, strlen(im), &b);
    CHECK(span_eq(im, b.message, "hello, bob") && b.state.len == 0);
    exch_rvp_body((const uint8_t *)typing, strlen(typing), &b);
    CHECK(span_eq(typing, b.typing_user, "alice@im") && b.message.len == 0);
    exch_rvp_body((const uint8_t *)accept, strlen(accept), &b);
    CHECK(span_eq(accept, b.invitation_command, "ACCEPT") && span_eq(accept, b.port, "6891"));
    CHECK(exch_rvp_address_port((const uint8_t *)accept + b.ip_address.off, b.ip_address.len,
                                (const uint8_t *)accept + b.port.off, b.port.len, ip, &port));
    CHECK(ip[0] == 192 && ip[3] == 100 && port == 6891);
    /* a closing tag alone, an empty state, a cut body */
    exch_rvp_body((const uint8_t *)"</r:state>", 10, &b);
    CHECK(b.state.len == 0);
    exch_rvp_body((const uint8_t *)"<r:state></r:state>", 19, &b);
    CHECK(b.state.len == 0);
    exch_rvp_body((const uint8_t *)"<r:state><r:on", 14, &b);
    CHECK(b.state.len == 0);                              /* the name is cut */
    exch_rvp_body((const uint8_t *)"<![CDATA[Content-Type: text/plain", 33, &b);
    CHECK(b.message.len == 0);
}

/* a presence value whose end ('/') is byte 65,536 of the body is read; one byte later it is not */
static void
test_body_limit(void)
{
    static const char state[] = "<r:state><r:away/";
    size_t n = strlen(state);
    uint8_t *body = malloc(RVP_BODY_SCAN_MAX + 1);
    rvp_body_t b;

    memset(body, ' ', RVP_BODY_SCAN_MAX + 1);
    memcpy(body + RVP_BODY_SCAN_MAX - n, state, n);
    exch_rvp_body(body, RVP_BODY_SCAN_MAX + 1, &b);
    CHECK(b.state.len == 4 && memcmp(body + b.state.off, "away", 4) == 0);
    memset(body, ' ', RVP_BODY_SCAN_MAX + 1);
    memcpy(body + RVP_BODY_SCAN_MAX - n + 1, state, n);
    exch_rvp_body(body, RVP_BODY_SCAN_MAX + 1, &b);
    CHECK(b.state.len == 0);
    free(body);
}

int
main(void)
{
    test_subscribe();
    test_rvp_or_not();
    test_header_limit();
    test_endpoints();
    test_bodies();
    test_body_limit();
    return CHECK_DONE();
}
