/* credentials.c
 * Cleartext credentials in client lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "credentials.h"

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The word at *at (up to a space), case-insensitively equal to word; *at then
 * goes past it and the spaces after it. */
static bool
take_word(const uint8_t *line, size_t len, size_t *at, const char *word)
{
    size_t n = strlen(word), i;

    if (*at + n > len)
        return false;
    for (i = 0; i < n; i++)
        if (lower(line[*at + i]) != lower((unsigned char)word[i]))
            return false;
    if (*at + n < len && line[*at + n] != ' ' && line[*at + n] != '\r' && line[*at + n] != '\n')
        return false;
    *at += n;
    while (*at < len && line[*at] == ' ')
        (*at)++;
    return true;
}

/* AUTH PLAIN / AUTH LOGIN (SMTP, POP3), AUTHENTICATE PLAIN / LOGIN (IMAP). */
static const char *
sasl_mechanism(const uint8_t *line, size_t len, size_t at, const char *plain, const char *login)
{
    if (take_word(line, len, &at, "PLAIN"))
        return plain;
    if (take_word(line, len, &at, "LOGIN"))
        return login;
    return NULL;
}

static const char *
imap_line(const uint8_t *line, size_t len)
{
    size_t at = 0;

    while (at < len && line[at] != ' ')        /* the tag */
        at++;
    while (at < len && line[at] == ' ')
        at++;
    if (take_word(line, len, &at, "LOGIN"))
        return "IMAP LOGIN";
    if (take_word(line, len, &at, "AUTHENTICATE"))
        return sasl_mechanism(line, len, at, "IMAP AUTHENTICATE PLAIN", "IMAP AUTHENTICATE LOGIN");
    return NULL;
}

const char *
exch_credentials_in_line(exch_text_proto_t proto, const uint8_t *line, size_t len)
{
    size_t at = 0;

    switch (proto) {
    case EXCH_TEXT_SMTP:
        return take_word(line, len, &at, "AUTH") ? sasl_mechanism(line, len, at, "SMTP AUTH PLAIN", "SMTP AUTH LOGIN")
                                                 : NULL;
    case EXCH_TEXT_POP3:
        if (take_word(line, len, &at, "AUTH"))
            return sasl_mechanism(line, len, at, "POP3 AUTH PLAIN", "POP3 AUTH LOGIN");
        return take_word(line, len, &at, "PASS") ? "POP3 PASS" : take_word(line, len, &at, "USER") ? "POP3 USER"
                                                                                                  : NULL;
    case EXCH_TEXT_IMAP:
        return imap_line(line, len);
    case EXCH_TEXT_NNTP:
        if (!take_word(line, len, &at, "AUTHINFO"))
            return NULL;
        return take_word(line, len, &at, "PASS") ? "NNTP AUTHINFO PASS"
             : take_word(line, len, &at, "USER") ? "NNTP AUTHINFO USER" : NULL;
    case EXCH_TEXT_IRC:
        return take_word(line, len, &at, "PASS") ? "IRC PASS" : NULL;
    }
    return NULL;
}

bool
exch_http_basic_auth(const uint8_t *head, size_t len)
{
    for (size_t at = 0; at < len; at++) {
        size_t p = at;
        if ((at == 0 || head[at - 1] == '\n') && take_word(head, len, &p, "Authorization:") &&
            take_word(head, len, &p, "Basic"))
            return true;
    }
    return false;
}

/* "STARTTLS" as a token of an untagged IMAP line: a CAPABILITY response, or
 * the [CAPABILITY ...] response code of a greeting. */
static bool
imap_offers_starttls(const uint8_t *line, size_t len)
{
    static const char token[] = "STARTTLS";
    const size_t n = sizeof token - 1;

    if (len < 2 || line[0] != '*' || line[1] != ' ')
        return false;
    for (size_t at = 2; at + n <= len; at++) {
        bool ends = at + n == len || strchr(" ]\r\n", line[at + n]) != NULL;
        if (line[at - 1] == ' ' && ends && memcmp(line + at, token, n) == 0)
            return true;
    }
    return false;
}

bool
exch_starttls_offered(exch_text_proto_t proto, const uint8_t *line, size_t len)
{
    size_t at = 0;

    if (proto == EXCH_TEXT_IMAP)
        return imap_offers_starttls(line, len);
    return proto == EXCH_TEXT_POP3 && take_word(line, len, &at, "STLS") &&
           (at == len || line[at] == '\r' || line[at] == '\n');
}

bool
exch_login_command(exch_text_proto_t proto, const uint8_t *line, size_t len)
{
    size_t at = 0;

    switch (proto) {
    case EXCH_TEXT_IMAP:
        while (at < len && line[at] != ' ')    /* the tag */
            at++;
        while (at < len && line[at] == ' ')
            at++;
        return take_word(line, len, &at, "LOGIN") || take_word(line, len, &at, "AUTHENTICATE");
    case EXCH_TEXT_POP3:
        if (take_word(line, len, &at, "AUTH"))   /* bare AUTH only lists the mechanisms (RFC 5034) */
            return at < len && line[at] != '\r' && line[at] != '\n';
        return take_word(line, len, &at, "USER") || take_word(line, len, &at, "PASS") ||
               take_word(line, len, &at, "APOP");
    default:
        return false;
    }
}
