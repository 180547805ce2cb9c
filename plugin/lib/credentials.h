/* credentials.h
 * Client lines that carry a password, or start an authentication whose
 * exchange carries one, in the clear: SMTP and POP3 AUTH PLAIN/LOGIN, POP3
 * USER/PASS, IMAP LOGIN and AUTHENTICATE PLAIN/LOGIN, NNTP AUTHINFO, IRC PASS,
 * HTTP Basic. Pure C, no Wireshark types.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_CREDENTIALS_H
#define EXCH_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { EXCH_TEXT_SMTP, EXCH_TEXT_POP3, EXCH_TEXT_IMAP, EXCH_TEXT_NNTP, EXCH_TEXT_IRC } exch_text_proto_t;

/* What a client line gives away, NULL when nothing: a short description that
 * never holds the secret itself ("POP3 PASS", "IMAP LOGIN", "SMTP AUTH PLAIN"). */
const char *exch_credentials_in_line(exch_text_proto_t proto, const uint8_t *line, size_t len);

/* Whether an HTTP request head (up to the empty line) carries
 * "Authorization: Basic" (a header name in any case). */
bool exch_http_basic_auth(const uint8_t *head, size_t len);

/* A server line that offers STARTTLS: IMAP's STARTTLS capability (in a
 * CAPABILITY response or a greeting's response code), POP3's STLS line of a
 * CAPA listing. Other protocols: false. */
bool exch_starttls_offered(exch_text_proto_t proto, const uint8_t *line, size_t len);

/* A client command that logs in (IMAP LOGIN or AUTHENTICATE, any mechanism;
 * POP3 USER, PASS, AUTH or APOP): after an offer of STARTTLS, it belongs
 * inside TLS. Other protocols: false. */
bool exch_login_command(exch_text_proto_t proto, const uint8_t *line, size_t len);

#endif /* EXCH_CREDENTIALS_H */
