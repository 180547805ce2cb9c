/* rvpmsg.h
 * RVP (Exchange 2000 Instant Messaging: draft-osborne-rvp-00, an HTTP/1.1 and
 * WebDAV extension) messages: the start line, the headers RVP defines, the
 * body's length, and what the XML body says. Pure C, no Wireshark types:
 * every text is a span into the caller's bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_RVPMSG_H
#define EXCH_RVPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RVP_HEADER_MAX 8192              /* start line and headers; longer is not read as RVP */
#define RVP_BODY_SCAN_MAX 65536          /* bytes of a body searched for the XML elements */

typedef struct {
    size_t off, len;                     /* offset in the message, length; len 0 = absent */
} rvp_span_t;

typedef enum {
    RVP_H_NOTIFICATIONS_VERSION,
    RVP_H_FROM_PRINCIPAL,
    RVP_H_CALL_BACK,
    RVP_H_SUBSCRIPTION_ID,
    RVP_H_SUBSCRIPTION_LIFETIME,
    RVP_H_NOTIFICATION_TYPE,
    RVP_H_ACK_TYPE,
    RVP_H_HOP_COUNT,
    RVP_H_CONTENT_LENGTH,
    RVP_HEADERS
} rvp_header_t;

typedef struct {
    bool request;
    rvp_span_t method, uri;              /* a request */
    unsigned status;                     /* a response */
    rvp_span_t header[RVP_HEADERS];
    size_t header_len;                   /* start line, headers and the empty line */
    size_t body_len;                     /* Content-Length, 0 without */
} rvp_message_t;

typedef enum {
    RVP_COMPLETE,                        /* a whole message: header_len + body_len bytes */
    RVP_INCOMPLETE,                      /* its end is not in the bytes yet */
    RVP_NOT_HTTP                         /* no HTTP/1.x start line, or headers beyond RVP_HEADER_MAX */
} rvp_result_t;

rvp_result_t exch_rvp_parse(const uint8_t *p, size_t len, rvp_message_t *m);

/* RVP, not OWA or WebDAV: an RVP-Notifications-Version header, or a method
 * only RVP has (SUBSCRIPTIONS, ACL). */
bool exch_rvp_is_rvp(const uint8_t *p, const rvp_message_t *m);

/* What the body says (the offsets are from the start of the body). */
typedef struct {
    rvp_span_t state;                    /* the presence value inside r:state, e.g. online, busy */
    rvp_span_t message;                  /* the text of a text/plain instant message */
    rvp_span_t typing_user;              /* TypingUser of a text/x-msmsgscontrol notice */
    rvp_span_t invitation_command;       /* INVITE, ACCEPT, CANCEL of text/x-msmsgsinvite */
    rvp_span_t application_name;         /* e.g. File Transfer */
    rvp_span_t ip_address, port;         /* where the accepting peer listens */
} rvp_body_t;

void exch_rvp_body(const uint8_t *body, size_t len, rvp_body_t *b);

/* A Call-Back or a file transfer's address: http://a.b.c.d:port (an IPv4
 * literal and a port from 1 to 65535). False for anything else, host names
 * included (they are not resolved). */
bool exch_rvp_endpoint(const uint8_t *text, size_t len, uint8_t ipv4[4], uint16_t *port);

/* An IPv4 literal and a decimal port given apart (IP-Address:, Port:). */
bool exch_rvp_address_port(const uint8_t *ip, size_t ip_len, const uint8_t *port, size_t port_len,
                           uint8_t ipv4[4], uint16_t *port_out);

/* A decimal number up to max (Subscription-Lifetime, RVP-Hop-Count). */
bool exch_rvp_number(const uint8_t *text, size_t len, uint32_t max, uint32_t *value);

#endif /* EXCH_RVPMSG_H */
