/* rvpmsg.c
 * RVP messages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rvpmsg.h"

#define CONTENT_LENGTH_MAX (16u << 20)   /* a longer body is not waited for */

static const char *const header_names[RVP_HEADERS] = {
    "RVP-Notifications-Version", "RVP-From-Principal", "Call-Back", "Subscription-Id",
    "Subscription-Lifetime", "Notification-Type", "RVP-Ack-Type", "RVP-Hop-Count", "Content-Length",
};

static const uint8_t *
find(const uint8_t *p, size_t len, const char *what)
{
    size_t n = strlen(what);

    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (p[i] == (uint8_t)what[0] && memcmp(p + i, what, n) == 0)
            return p + i;
    return NULL;
}

static bool
is_token_char(uint8_t c)
{
    return isupper(c) || c == '-' || c == '_';
}

static bool
is_version(const uint8_t *p, size_t len)
{
    return len == 8 && memcmp(p, "HTTP/1.", 7) == 0 && isdigit(p[7]);
}

/* "METHOD SP uri SP HTTP/1.x" or "HTTP/1.x SP nnn SP reason" */
static bool
parse_start_line(const uint8_t *p, size_t len, rvp_message_t *m)
{
    const uint8_t *sp1 = memchr(p, ' ', len), *sp2;

    if (!sp1)
        return false;
    if (is_version(p, (size_t)(sp1 - p))) {
        const uint8_t *code = sp1 + 1;
        if ((size_t)(code - p) + 3 > len || !isdigit(code[0]) || !isdigit(code[1]) || !isdigit(code[2]))
            return false;
        m->request = false;
        m->status = (unsigned)((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
        return true;
    }
    for (const uint8_t *c = p; c < sp1; c++)
        if (!is_token_char(*c))
            return false;
    sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - p));
    if (sp1 == p || !sp2 || sp2 == sp1 + 1 || !is_version(sp2 + 1, len - (size_t)(sp2 + 1 - p)))
        return false;
    m->request = true;
    m->method = (rvp_span_t){ 0, (size_t)(sp1 - p) };
    m->uri = (rvp_span_t){ (size_t)(sp1 + 1 - p), (size_t)(sp2 - sp1 - 1) };
    return true;
}

static void
trim(const uint8_t *base, rvp_span_t *s)
{
    while (s->len && (base[s->off] == ' ' || base[s->off] == '\t')) {
        s->off++;
        s->len--;
    }
    while (s->len && (base[s->off + s->len - 1] == ' ' || base[s->off + s->len - 1] == '\t'))
        s->len--;
}

static void
parse_header_line(const uint8_t *p, size_t start, size_t end, rvp_message_t *m)
{
    const uint8_t *colon = memchr(p + start, ':', end - start);
    size_t name_len;

    if (!colon)
        return;
    name_len = (size_t)(colon - (p + start));
    for (int h = 0; h < RVP_HEADERS; h++) {
        if (strlen(header_names[h]) == name_len && strncasecmp((const char *)p + start, header_names[h], name_len) == 0 &&
            m->header[h].len == 0) {
            m->header[h] = (rvp_span_t){ (size_t)(colon + 1 - p), end - (size_t)(colon + 1 - p) };
            trim(p, &m->header[h]);
        }
    }
}

rvp_result_t
exch_rvp_parse(const uint8_t *p, size_t len, rvp_message_t *m)
{
    size_t scan = len < RVP_HEADER_MAX ? len : RVP_HEADER_MAX;
    const uint8_t *eol = memchr(p, '\n', scan), *end;
    uint32_t content_length = 0;

    memset(m, 0, sizeof *m);
    if (!eol)
        return scan < RVP_HEADER_MAX && len > 0 && (isupper(p[0])) ? RVP_INCOMPLETE : RVP_NOT_HTTP;
    if (!parse_start_line(p, (size_t)(eol - p) - (eol > p && eol[-1] == '\r'), m))
        return RVP_NOT_HTTP;
    end = find(p, scan, "\r\n\r\n");
    if (!end)
        return scan < RVP_HEADER_MAX ? RVP_INCOMPLETE : RVP_NOT_HTTP;
    for (size_t at = (size_t)(eol + 1 - p); at < (size_t)(end - p) + 2;) {
        const uint8_t *next = memchr(p + at, '\n', (size_t)(end - p) + 2 - at);
        size_t line_end = (size_t)(next - p);
        parse_header_line(p, at, line_end - (line_end > at && p[line_end - 1] == '\r'), m);
        at = line_end + 1;
    }
    m->header_len = (size_t)(end - p) + 4;
    if (m->header[RVP_H_CONTENT_LENGTH].len &&
        exch_rvp_number(p + m->header[RVP_H_CONTENT_LENGTH].off, m->header[RVP_H_CONTENT_LENGTH].len,
                        CONTENT_LENGTH_MAX, &content_length))
        m->body_len = content_length;
    return len - m->header_len >= m->body_len ? RVP_COMPLETE : RVP_INCOMPLETE;
}

static bool
span_is(const uint8_t *p, rvp_span_t s, const char *text)
{
    return s.len == strlen(text) && memcmp(p + s.off, text, s.len) == 0;
}

bool
exch_rvp_is_rvp(const uint8_t *p, const rvp_message_t *m)
{
    return m->header[RVP_H_NOTIFICATIONS_VERSION].len > 0 ||
           (m->request && (span_is(p, m->method, "SUBSCRIPTIONS") || span_is(p, m->method, "ACL")));
}

bool
exch_rvp_number(const uint8_t *text, size_t len, uint32_t max, uint32_t *value)
{
    uint64_t v = 0;

    if (len == 0 || len > 10)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit(text[i]))
            return false;
        v = v * 10 + (uint64_t)(text[i] - '0');
    }
    if (v > max)
        return false;
    *value = (uint32_t)v;
    return true;
}

static bool
ipv4_literal(const uint8_t *text, size_t len, uint8_t ipv4[4])
{
    size_t at = 0;

    for (int k = 0; k < 4; k++) {
        size_t start = at;
        uint32_t octet;
        while (at < len && isdigit(text[at]))
            at++;
        if (!exch_rvp_number(text + start, at - start, 255, &octet) || at - start > 3)
            return false;
        ipv4[k] = (uint8_t)octet;
        if (k < 3 && (at >= len || text[at++] != '.'))
            return false;
    }
    return at == len;
}

bool
exch_rvp_address_port(const uint8_t *ip, size_t ip_len, const uint8_t *port, size_t port_len, uint8_t ipv4[4],
                      uint16_t *port_out)
{
    uint32_t n;

    if (!ipv4_literal(ip, ip_len, ipv4) || !exch_rvp_number(port, port_len, 65535, &n) || n == 0)
        return false;
    *port_out = (uint16_t)n;
    return true;
}

bool
exch_rvp_endpoint(const uint8_t *text, size_t len, uint8_t ipv4[4], uint16_t *port)
{
    const uint8_t *host, *colon, *end;

    if (len < 7 || strncasecmp((const char *)text, "http://", 7) != 0)
        return false;
    host = text + 7;
    end = memchr(host, '/', len - 7);
    if (!end)
        end = text + len;
    colon = memchr(host, ':', (size_t)(end - host));
    return colon && exch_rvp_address_port(host, (size_t)(colon - host), colon + 1, (size_t)(end - colon - 1),
                                          ipv4, port);
}

/* The value of "Key: value" at the start of a line of p[0, len). */
static rvp_span_t
line_value(const uint8_t *p, size_t len, const char *key)
{
    size_t n = strlen(key);

    for (size_t at = 0; at + n <= len;) {
        const uint8_t *nl = memchr(p + at, '\n', len - at);
        size_t line_end = nl ? (size_t)(nl - p) : len;

        if (memcmp(p + at, key, n) == 0) {
            rvp_span_t s = { at + n, line_end - at - n };
            if (s.len && p[s.off + s.len - 1] == '\r')
                s.len--;
            trim(p, &s);
            return s;
        }
        at = line_end + 1;
    }
    return (rvp_span_t){ 0, 0 };
}

/* <r:state><r:online/></r:state>: the name of the element inside state. */
static rvp_span_t
presence_state(const uint8_t *p, size_t len)
{
    for (const uint8_t *s = find(p, len, "state>"); s; s = find(s + 1, len - (size_t)(s + 1 - p), "state>")) {
        const uint8_t *open = s, *name, *stop = p + len;
        while (open > p && open[-1] != '<' && open[-1] != '/' && open[-1] != ' ')
            open--;
        if (open == p || open[-1] != '<')
            continue;                           /* a closing tag, or no tag */
        name = s + 6;
        while (name < stop && isspace(*name))
            name++;
        if (name >= stop || *name != '<' || name + 1 >= stop || name[1] == '/')
            continue;
        name++;
        for (const uint8_t *c = name; c < stop && *c != '/' && *c != '>' && !isspace(*c); c++)
            if (*c == ':')
                name = c + 1;
        {
            const uint8_t *e = name;
            while (e < stop && (isalnum(*e) || *e == '-'))
                e++;
            if (e > name && e < stop)           /* a name cut by the end of the bytes is not read */
                return (rvp_span_t){ (size_t)(name - p), (size_t)(e - name) };
        }
    }
    return (rvp_span_t){ 0, 0 };
}

static rvp_span_t
offset_by(rvp_span_t s, size_t base)
{
    if (s.len)
        s.off += base;
    return s;
}

void
exch_rvp_body(const uint8_t *body, size_t len, rvp_body_t *b)
{
    const uint8_t *cdata, *cend, *blank;
    size_t scan = len < RVP_BODY_SCAN_MAX ? len : RVP_BODY_SCAN_MAX, mime, mime_len, text;
    rvp_span_t type;

    memset(b, 0, sizeof *b);
    b->state = presence_state(body, scan);
    cdata = find(body, scan, "<![CDATA[");
    if (!cdata)
        return;
    mime = (size_t)(cdata - body) + 9;
    cend = find(body + mime, scan - mime, "]]>");
    mime_len = (cend ? (size_t)(cend - body) : scan) - mime;
    type = line_value(body + mime, mime_len, "Content-Type:");
    blank = find(body + mime, mime_len, "\r\n\r\n");
    text = blank ? (size_t)(blank - body) + 4 : mime + mime_len;
    if (type.len >= 10 && memcmp(body + mime + type.off, "text/plain", 10) == 0)
        b->message = (rvp_span_t){ text, mime + mime_len - text };
    b->typing_user = offset_by(line_value(body + mime, mime_len, "TypingUser:"), mime);
    b->invitation_command = offset_by(line_value(body + mime, mime_len, "Invitation-Command:"), mime);
    b->application_name = offset_by(line_value(body + mime, mime_len, "Application-Name:"), mime);
    b->ip_address = offset_by(line_value(body + mime, mime_len, "IP-Address:"), mime);
    b->port = offset_by(line_value(body + mime, mime_len, "Port:"), mime);
}
